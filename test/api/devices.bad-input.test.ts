// Threat: crafted input — another user's token id, a missing id, a 10 kB or control-character name — changes something it must not, or crashes (500).
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/app-password/route";
import { createAppPassword, renameAppPassword } from "@/lib/auth/app-passwords";
import { revokeDevice } from "@/lib/auth/devices";
import { db } from "@/lib/db";
import { apiRequest, basic, read } from "@/test/support/api";
import { makeAppPassword, makeSession, makeUser } from "@/test/support/factories";

async function snapshot() {
  return db.authToken.findMany({ orderBy: { id: "asc" }, select: { id: true, userId: true, name: true, scope: true } });
}

const BAD_NAMES: [string, unknown, RegExp][] = [
  ["a 10 kB name", "n".repeat(10_000), /too long/],
  ["a 101-character name", "n".repeat(101), /too long/],
  ["a newline", "my\nphone", /not allowed/],
  ["a NUL", "my\u0000phone", /not allowed/],
  ["an escape sequence", "\u001b[31mred", /not allowed/],
  ["only spaces", "    ", /required/],
  ["nothing", "", /required/],
  ["not a string", { name: "x" }, /./],
];

describe("devices and app passwords refuse bad input", () => {
  it.each(BAD_NAMES)("creating an app password with %s: a clear message, nothing created", async (_n, name, message) => {
    const user = await makeUser();
    const before = await snapshot();
    const result = await createAppPassword(user.id, { name });
    expect(result).toMatchObject({ ok: false, error: "invalid_input" });
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.message.length).toBeLessThan(200);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an unknown scope", async () => {
    const user = await makeUser();
    expect(await createAppPassword(user.id, { name: "x", scope: "admin" })).toMatchObject({ ok: false, error: "invalid_input" });
  });

  it.each(BAD_NAMES)("renaming an app password to %s: a clear message, the name unchanged", async (_n, name) => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id, { name: "Original" });
    expect(await renameAppPassword(user.id, app.id, name)).toMatchObject({ ok: false, error: "invalid_input" });
    expect((await db.authToken.findUniqueOrThrow({ where: { id: app.id } })).name).toBe("Original");
  });

  it("keeps a name with emoji and accents (DAVx⁵ on my phone), trimmed and NFC-normalised", async () => {
    const user = await makeUser();
    const created = await createAppPassword(user.id, { name: "  DAVx⁵ on my phone 📱 cafe\u0301 " });
    expect(created).toMatchObject({ ok: true, data: { name: "DAVx⁵ on my phone 📱 café" } });
  });

  it("never revokes or renames another user's token, and says 'not found' for it", async () => {
    const alice = await makeUser();
    const mallory = await makeUser();
    const app = await makeAppPassword(alice.id, { name: "Alice's phone" });
    const sid = await makeSession(alice.id);
    const session = (await db.authToken.findFirstOrThrow({ where: { userId: alice.id, type: "session" } })).id;
    expect(sid).toBeTruthy();
    const before = await snapshot();
    for (const id of [app.id, session]) {
      expect(await revokeDevice(mallory.id, id)).toMatchObject({ ok: false, error: "not_found" });
      expect(await renameAppPassword(mallory.id, id, "pwned")).toMatchObject({ ok: false, error: "not_found" });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("says 'not found' for ids that do not exist or are not ids", async () => {
    const user = await makeUser();
    await makeAppPassword(user.id);
    const before = await snapshot();
    for (const id of [999_999_999, 0, -1, 1.5, "abc", "", "1; DROP TABLE AuthToken", "9".repeat(400), null, undefined, {}, Number.NaN]) {
      expect(await revokeDevice(user.id, id)).toMatchObject({ ok: false, error: "not_found" });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("a session cannot be renamed like an app password", async () => {
    const user = await makeUser();
    await makeSession(user.id);
    const session = await db.authToken.findFirstOrThrow({ where: { userId: user.id, type: "session" } });
    expect(await renameAppPassword(user.id, session.id, "renamed")).toMatchObject({ ok: false, error: "not_found" });
  });

  it.each([
    ["invalid JSON", "{name:"],
    ["a JSON array", "[1,2]"],
    ["a number as name", '{"name":42}'],
    ["a 10 kB name", JSON.stringify({ name: "n".repeat(10_000) })],
    ["control characters in the name", JSON.stringify({ name: "a\u0007b" })],
    ["an unknown scope", '{"scope":"root"}'],
    ["a 20 kB body", JSON.stringify({ name: "x", pad: "p".repeat(20_000) })],
  ])("POST /api/v1/app-password with %s → 400 JSON, nothing created", async (_n, body) => {
    const user = await makeUser();
    const res = await read(await POST(apiRequest("POST", "/api/v1/app-password", { authorization: basic(user.login, user.password), body })));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "invalid_input", message: expect.any(String) });
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
  });
});
