// Threat: a half-finished sign-in left open for later — a challenge dies after 10 minutes.
import { describe, expect, it } from "vitest";
import { purgeDeadChallenges, redeemChallenge } from "@/lib/auth/challenge";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { pendingLogin, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { META, pendingTotpLogin, totpCode } from "@/test/support/factories";

describe("challenge expiry", () => {
  it("lives for 10 minutes", async () => {
    const { challenge } = await pendingTotpLogin();
    const row = await db.loginChallenge.findUniqueOrThrow({ where: { hash: hashSecret(challenge) } });
    expect(Math.abs(row.expiresAt.getTime() - row.createdAt.getTime() - 10 * 60_000)).toBeLessThan(1000);
  });

  it("refuses even the right code once expired, and never yields a session", async () => {
    const { login, challenge, secret } = await pendingTotpLogin();
    await db.loginChallenge.update({ where: { hash: hashSecret(challenge) }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await pendingLogin(challenge)).toBeNull();
    expect(await solveChallenge(login, "totp", await totpCode(secret), META)).toMatchObject({ ok: false, reason: "locked" });
    expect(await redeemChallenge(challenge, META)).toBeNull();
  });

  it("cannot be redeemed after it was verified but expired before the hand-off", async () => {
    const { login, challenge, secret } = await pendingTotpLogin();
    expect(await solveChallenge(login, "totp", await totpCode(secret), META)).toMatchObject({ ok: true });
    await db.loginChallenge.update({ where: { hash: hashSecret(challenge) }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await redeemChallenge(challenge, META)).toBeNull();
  });

  it("is purged once dead (expired or consumed) while live ones stay", async () => {
    const expired = await pendingTotpLogin();
    const consumed = await pendingTotpLogin();
    const live = await pendingTotpLogin();
    await db.loginChallenge.update({ where: { hash: hashSecret(expired.challenge) }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await solveChallenge(consumed.login, "totp", await totpCode(consumed.secret), META)).toMatchObject({ ok: true });
    expect(await redeemChallenge(consumed.challenge, META)).not.toBeNull();
    expect(await purgeDeadChallenges()).toBeGreaterThanOrEqual(2);
    const left = await db.loginChallenge.findMany({ where: { userId: { in: [expired.user.id, consumed.user.id, live.user.id] } }, select: { userId: true } });
    expect(left).toEqual([{ userId: live.user.id }]);
  });
});
