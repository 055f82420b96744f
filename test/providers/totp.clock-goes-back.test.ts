// Threat: the server's clock goes back (NTP step, restored VM snapshot) past the last step used — a code must then be "wrong", never a 500.
import { describe, expect, it } from "vitest";
import { acceptCode } from "@/lib/providers/totp/store";
import { solveChallenge } from "@/lib/two-factor/challenge-flow";
import { db } from "@/lib/db";
import { pendingTotpLogin, totpCode } from "@/test/support/factories";
import { client } from "@/test/support/security";
import { matchingStep, TOTP_PERIOD } from "@/lib/providers/totp/totp";

const stepNow = () => Math.floor(Date.now() / 1000 / TOTP_PERIOD);

describe("TOTP when the clock goes back past the last used step", () => {
  it("answers wrong code (not an error) for a stored step minutes ahead of now", async () => {
    const { user, secret, login } = await pendingTotpLogin();
    // The last accepted code was used when the clock ran 10 minutes fast.
    await db.totpSecret.update({ where: { userId: user.id }, data: { lastUsedStep: stepNow() + 20 } });

    expect(await acceptCode(user.id, await totpCode(secret), { confirmed: true })).toBe(false);
    expect(await solveChallenge(login, "totp", await totpCode(secret), client())).toMatchObject({ ok: false, reason: "wrong" });
  });

  it("refuses every step up to the stored one, for any distance ahead", async () => {
    const { secret } = await pendingTotpLogin();
    for (const ahead of [1, 2, 3, 1000]) {
      await expect(matchingStep(secret, await totpCode(secret), stepNow() + ahead)).resolves.toBeNull();
    }
    // One step behind now: the current code is still newer, so it is accepted.
    await expect(matchingStep(secret, await totpCode(secret), stepNow() - 1)).resolves.toBe(stepNow());
  });
});
