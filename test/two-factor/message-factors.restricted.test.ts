// Threat: e-mail or SMS codes (NIST SP 800-63B-4: not out-of-band / restricted) keep standing in for a real second factor after the admin restricted them.
import { afterEach, describe, expect, it } from "vitest";
import { setConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { redeemChallenge } from "@/lib/auth/challenge";
import { passwordStep } from "@/lib/auth/login";
import { regenerateCodes } from "@/lib/providers/backup-codes/store";
import { offeredProviders, pendingLogin, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { mustSetUpAtLogin, proofBeforeSetup, providersForLoginSetup } from "@/lib/two-factor/login-setup";
import { setProviderEnabled } from "@/lib/two-factor/provider-state";
import { activeProviders, hasSecondFactor, loginRequirement, providerSet } from "@/lib/two-factor/provider-set";
import { META, makeUser } from "@/test/support/factories";

async function userWith(...providerIds: string[]) {
  const user = await makeUser();
  for (const id of providerIds) await setProviderEnabled(db, user.id, id, true);
  return user;
}

const ids = (list: { id: string }[]) => list.map((p) => p.id);

afterEach(async () => {
  await setConfig("email_factor", "allowed", "test");
  await setConfig("sms_factor", "allowed", "test");
});

describe("email_factor / sms_factor", () => {
  it("allowed (the default): e-mail and SMS codes are second factors", async () => {
    const user = await userWith("email", "sms");
    const set = await providerSet(user.id);
    expect(ids(set.factors).sort()).toEqual(["email", "sms"]);
    expect(hasSecondFactor(set)).toBe(true);
  });

  it("recovery_only: still offered as another way in, but no longer a second factor, nor set up at login under enforcement", async () => {
    expect((await setConfig("email_factor", "RECOVERY_ONLY", "test")).ok).toBe(true);
    const user = await userWith("email", "totp");
    const set = await providerSet(user.id);
    expect(ids(set.factors)).toEqual(["totp"]);
    expect(ids(set.recovery)).toContain("email");
    const emailOnly = await userWith("email");
    expect(hasSecondFactor(await providerSet(emailOnly.id))).toBe(false);
    expect(ids(await providersForLoginSetup())).not.toContain("email");
  });

  it("recovery_only does not leave an account that had only e-mail codes to its password: it proves with one of its codes, then sets up a real factor", async () => {
    expect((await setConfig("email_factor", "recovery_only", "test")).ok).toBe(true);
    const user = await userWith("email");
    const [code] = await regenerateCodes(user.id);
    // Was "none": the password alone signed in, on the login form and on the API.
    expect(await loginRequirement(user.id)).toBe("challenge");
    const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
    if (!step.ok) throw new Error(step.message);
    expect(await redeemChallenge(step.data.challenge, META)).toBeNull();
    const login = (await pendingLogin(step.data.challenge))!;
    expect(ids(offeredProviders(login))).toEqual(expect.arrayContaining(["email", "backup_codes"]));
    expect(await proofBeforeSetup(login)).toBe(true);
    expect(await solveChallenge(login, "backup_codes", code!, META)).toEqual({ ok: true, promptsSetup: false, setupNext: true });
    expect(await redeemChallenge(step.data.challenge, META)).toBeNull();
    const proved = (await pendingLogin(step.data.challenge))!;
    expect(await mustSetUpAtLogin(proved)).toBe(true);
    expect(ids(await providersForLoginSetup(proved))).not.toContain("email");
  });

  it("off: neither offered nor accepted, and not offered for set-up; the user's factor fails closed (blocks) rather than vanishing", async () => {
    expect((await setConfig("sms_factor", "off", "test")).ok).toBe(true);
    const user = await userWith("sms");
    const set = await providerSet(user.id);
    expect(ids(set.factors)).toEqual([]);
    expect(ids(set.switchedOff)).toEqual(["sms"]);
    expect(hasSecondFactor(set)).toBe(true);
    expect(ids(await activeProviders())).not.toContain("sms");
  });

  it("refuses other values", async () => {
    expect(await setConfig("email_factor", "sometimes", "test")).toMatchObject({ ok: false, error: "invalid_input" });
  });
});
