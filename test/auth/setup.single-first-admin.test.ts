// Threat: a second "first admin" — once set up, /setup can never create another admin, even when raced.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser, isSetUp } from "@/lib/users";
import { PASSWORD } from "@/test/support/factories";

describe("first-admin set-up", () => {
  it("lets exactly one of several concurrent set-ups through", async () => {
    const wasSetUp = await isSetUp();
    const attempts = await Promise.all(["first-a", "first-b", "first-c"].map((login) => createUser({ login, password: PASSWORD }, { firstAdmin: true })));
    const created = attempts.filter((r) => r.ok);
    expect(created).toHaveLength(wasSetUp ? 0 : 1);
    for (const r of attempts.filter((r) => !r.ok)) expect(r).toMatchObject({ error: "setup_done" });
    expect(await isSetUp()).toBe(true);
    expect(await db.user.count({ where: { loginKey: { in: ["first-a", "first-b", "first-c"] } } })).toBe(created.length);
  });

  it("refuses look-alike and duplicate login names with a clear message, writing nothing", async () => {
    const before = await db.user.count();
    const cyrillic = await createUser({ login: "\u0430dmin", password: PASSWORD });
    const dup1 = await createUser({ login: "Dupe.Name", password: PASSWORD });
    const dup2 = await createUser({ login: "ＤＵＰＥ.name", password: PASSWORD });
    expect(cyrillic).toMatchObject({ ok: false, error: "invalid_input" });
    expect(dup1.ok).toBe(true);
    expect(dup2).toMatchObject({ ok: false, error: "login_taken" });
    expect(await db.user.count()).toBe(before + 1);
  });

  it.each([
    ["an empty login", { login: "", password: PASSWORD }],
    ["a 1 MB login", { login: "a".repeat(1_000_000), password: PASSWORD }],
    ["a short password", { login: "shorty", password: "short" }],
    ["a 1 MB display name", { login: "bigname", password: PASSWORD, displayName: "x".repeat(1_000_000) }],
    ["control characters in the display name", { login: "ctrl", password: PASSWORD, displayName: "a\u0000b" }],
    ["a bad e-mail", { login: "mailer", password: PASSWORD, email: "not-an-address" }],
  ])("refuses %s", async (_name, input) => {
    const before = await db.user.count();
    const result = await createUser(input);
    expect(result.ok).toBe(false);
    expect(await db.user.count()).toBe(before);
  });
});
