// Threat: after a password change (say, because it leaked) the attacker's sessions and app passwords stay signed in.
import { describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { changePassword } from "@/lib/auth/password-change";
import { resolveAppPassword } from "@/lib/auth/app-passwords";
import { resolveToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { META, makeAppPassword, makeSession, makeUser } from "@/test/support/factories";

const NEW = "a brand new long passphrase";
const noSecondFactor = async () => "none" as const;

async function setUp() {
  const user = await makeUser();
  const sessions = [await makeSession(user.id), await makeSession(user.id)];
  const app = await makeAppPassword(user.id);
  return { user, sessions, app };
}

describe("changing the password", () => {
  it("ends every session and keeps app passwords when asked to", async () => {
    const { user, sessions, app } = await setUp();
    const result = await changePassword(user.id, { current: user.password, next: NEW, repeat: NEW, revokeAppPasswords: false }, META);
    expect(result).toMatchObject({ ok: true, data: { tokensRevoked: 2, appPasswordsRevoked: false } });
    for (const sid of sessions) expect(await resolveToken(sid, "session")).toBeNull();
    expect(await resolveAppPassword(app.secret)).not.toBeNull();
  });

  it("also revokes every app password when chosen", async () => {
    const { user, sessions, app } = await setUp();
    const result = await changePassword(user.id, { current: user.password, next: NEW, repeat: NEW, revokeAppPasswords: true }, META);
    expect(result).toMatchObject({ ok: true, data: { tokensRevoked: 3 } });
    for (const sid of sessions) expect(await resolveToken(sid, "session")).toBeNull();
    expect(await resolveAppPassword(app.secret)).toBeNull();
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("makes the new password the one that signs in, and the old one not", async () => {
    const { user } = await setUp();
    await changePassword(user.id, { current: user.password, next: NEW, repeat: NEW, revokeAppPasswords: false });
    expect(await passwordStep({ login: user.login, password: NEW }, META, noSecondFactor)).toMatchObject({ ok: true });
    expect(await passwordStep({ login: user.login, password: user.password }, META, noSecondFactor)).toMatchObject({ ok: false, error: "invalid_credentials" });
  });

  it("writes the change to the security log in the same step", async () => {
    const { user } = await setUp();
    await changePassword(user.id, { current: user.password, next: NEW, repeat: NEW, revokeAppPasswords: true }, META);
    const event = await db.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "password_changed" } });
    expect(event.ip).toBe(META.ip);
    expect(event.details).not.toContain(NEW);
  });

  it.each([
    ["a wrong current password", { current: "not it", next: NEW, repeat: NEW }, "invalid_credentials", "current"],
    ["a short new password", { current: null, next: "short", repeat: "short" }, "invalid_input", "next"],
    ["a mistyped repeat", { current: null, next: NEW, repeat: `${NEW}!` }, "invalid_input", "repeat"],
    ["the same password again", { current: null, next: null, repeat: null }, "invalid_input", "next"],
    ["a 1 MB new password", { current: null, next: "x".repeat(1_000_000), repeat: "x" }, "invalid_input", "next"],
    ["a NUL in the new password", { current: null, next: `${NEW}\u0000`, repeat: `${NEW}\u0000` }, "invalid_input", "next"],
  ] as const)("refuses %s with a message on the field, changing nothing", async (_name, input, error, field) => {
    const { user, sessions, app } = await setUp();
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    const result = await changePassword(user.id, {
      current: input.current ?? user.password,
      next: input.next ?? user.password,
      repeat: input.repeat ?? user.password,
      revokeAppPasswords: true,
    });
    expect(result).toMatchObject({ ok: false, error });
    if (!result.ok) expect(result.fields?.[field]).toBeTruthy();
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } })).toEqual(before);
    for (const sid of sessions) expect(await resolveToken(sid, "session")).not.toBeNull();
    expect(await resolveAppPassword(app.secret)).not.toBeNull();
  });
});
