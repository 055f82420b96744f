// Threat: a lost device keeps access — a deleted, expired or idle session must stop working at once.
import { describe, expect, it } from "vitest";
import { SESSION_IDLE, SESSION_IDLE_REMEMBER } from "@/lib/auth/policy";
import { deleteToken, resolveToken } from "@/lib/auth/tokens";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { makeSession, makeUser } from "@/test/support/factories";

async function rowOf(sid: string) {
  return db.authToken.findUniqueOrThrow({ where: { hash: hashSecret(sid) } });
}

describe("session tokens", () => {
  it("stores only a hash of the session secret", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const row = await rowOf(sid);
    expect(JSON.stringify(row)).not.toContain(sid);
    expect(row.hash).not.toBe(sid);
  });

  it("resolves a live session and refuses it right after its row is deleted", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const token = await resolveToken(sid, "session");
    expect(token?.user.login).toBe(user.login);
    expect(await deleteToken({ id: token!.id, userId: user.id })).toBe(true);
    expect(await resolveToken(sid, "session")).toBeNull();
  });

  it("ends a session idle for 24 hours, a remembered one after 15 days", async () => {
    const user = await makeUser();
    const plain = await makeSession(user.id);
    const remembered = await makeSession(user.id, { remember: true });
    const ago = (ms: number) => new Date(Date.now() - ms - 1000);
    await db.authToken.update({ where: { hash: hashSecret(plain) }, data: { lastActivity: ago(SESSION_IDLE) } });
    await db.authToken.update({ where: { hash: hashSecret(remembered) }, data: { lastActivity: ago(SESSION_IDLE) } });
    expect(await resolveToken(plain, "session")).toBeNull();
    expect(await resolveToken(remembered, "session")).not.toBeNull();
    await db.authToken.update({ where: { hash: hashSecret(remembered) }, data: { lastActivity: ago(SESSION_IDLE_REMEMBER) } });
    expect(await resolveToken(remembered, "session")).toBeNull();
  });

  it("ends any session at its absolute expiry, however active", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id, { remember: true });
    await db.authToken.update({ where: { hash: hashSecret(sid) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resolveToken(sid, "session")).toBeNull();
  });

  it("ends every session of a disabled account", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await resolveToken(sid, "session")).toBeNull();
  });

  it("does not accept a session secret as another token type", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    expect(await resolveToken(sid, "app_password")).toBeNull();
  });
});
