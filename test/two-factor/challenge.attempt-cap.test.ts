// Threat: guessing second-factor codes — 5 wrong answers end the challenge, even when the guesses race.
import { describe, expect, it } from "vitest";
import { redeemChallenge } from "@/lib/auth/challenge";
import { pendingLogin, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { META, pendingTotpLogin, totpCode } from "@/test/support/factories";

describe("challenge attempt cap", () => {
  it("counts down and ends the challenge at the fifth wrong answer", async () => {
    const { login, challenge, secret } = await pendingTotpLogin();
    for (let left = 4; left >= 1; left--) {
      const r = await solveChallenge(login, "totp", "000000", META);
      expect(r).toMatchObject({ ok: false, reason: "wrong", attemptsLeft: left });
    }
    expect(await solveChallenge(login, "totp", "000000", META)).toMatchObject({ ok: false, reason: "locked" });
    // Dead: even the right code does nothing now (refused as locked, or earlier by the throttle), and no session can come of it.
    const late = await solveChallenge(login, "totp", await totpCode(secret), META);
    expect(late.ok).toBe(false);
    if (!late.ok) expect(["locked", "throttled"]).toContain(late.reason);
    expect(await pendingLogin(challenge)).toBeNull();
    expect(await redeemChallenge(challenge, META)).toBeNull();
  });

  it("never checks more than 5 answers when 20 guesses race", async () => {
    const { login } = await pendingTotpLogin();
    const results = await Promise.all(Array.from({ length: 20 }, () => solveChallenge(login, "totp", "000000", META)));
    expect(results.filter((r) => !r.ok && r.reason === "wrong").length).toBeLessThanOrEqual(4);
    expect(results.every((r) => !r.ok)).toBe(true);
  });

  it("accepts the right code after a few wrong ones", async () => {
    const { login, secret, challenge } = await pendingTotpLogin();
    await solveChallenge(login, "totp", "000000", META);
    await solveChallenge(login, "totp", "111111", META);
    expect(await solveChallenge(login, "totp", await totpCode(secret), META)).toMatchObject({ ok: true });
    expect(await redeemChallenge(challenge, META)).not.toBeNull();
  });

  it.each([
    ["spaces", " 12 34 56 "],
    ["letters", "abcdef"],
    ["1 MB", "1".repeat(1_000_000)],
    ["empty", ""],
    ["control characters", "\u0000\u0007"],
  ])("answers %s with a clear message, counting it as a wrong answer", async (_name, input) => {
    const { login } = await pendingTotpLogin();
    const r = await solveChallenge(login, "totp", input, META);
    expect(r).toMatchObject({ ok: false, reason: "wrong", attemptsLeft: 4 });
    if (!r.ok) expect(r.message).toMatch(/not right/);
  });
});
