// Threat: finishing someone else's sign-in — a challenge is bound to its user; B's codes never solve A's challenge.
import { describe, expect, it } from "vitest";
import { redeemChallenge } from "@/lib/auth/challenge";
import { db } from "@/lib/db";
import { resolveToken } from "@/lib/auth/tokens";
import { solveChallenge } from "@/lib/two-factor/challenge-flow";
import { META, pendingTotpLogin, totpCode } from "@/test/support/factories";

describe("challenges are per user", () => {
  it("refuses user B's valid TOTP code on user A's challenge", async () => {
    const a = await pendingTotpLogin();
    const b = await pendingTotpLogin();
    expect(await solveChallenge(a.login, "totp", await totpCode(b.secret), META)).toMatchObject({ ok: false, reason: "wrong" });
    expect(await redeemChallenge(a.challenge, META)).toBeNull();
  });

  it("gives the session to the challenge's own user only", async () => {
    const a = await pendingTotpLogin();
    expect(await solveChallenge(a.login, "totp", await totpCode(a.secret), META)).toMatchObject({ ok: true });
    const sid = await redeemChallenge(a.challenge, META);
    const token = await resolveToken(sid!, "session");
    expect(token?.user.id).toBe(a.user.id);
    expect(await db.authToken.count({ where: { userId: a.user.id } })).toBe(1);
  });
});
