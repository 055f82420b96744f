// Threat: a session existing between the password and the second factor — none may exist until the challenge is solved.
import { describe, expect, it } from "vitest";
import { redeemChallenge } from "@/lib/auth/challenge";
import { db } from "@/lib/db";
import { solveChallenge } from "@/lib/two-factor/challenge-flow";
import { META, pendingTotpLogin, totpCode } from "@/test/support/factories";

describe("between password and second factor", () => {
  it("creates no token, and the challenge cannot be redeemed until solved", async () => {
    const { user, challenge, login, secret } = await pendingTotpLogin();
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await redeemChallenge(challenge, META)).toBeNull();
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
    await solveChallenge(login, "totp", await totpCode(secret), META);
    expect(await redeemChallenge(challenge, META)).not.toBeNull();
    expect(await redeemChallenge(challenge, META)).toBeNull();
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(1);
  });
});
