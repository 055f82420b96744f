// Threat: e-mail or SMS codes (NIST SP 800-63B-4: not out-of-band / restricted) keep standing in for a real second factor after the admin restricted them.
import { afterEach, describe, expect, it } from "vitest";
import { setConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { providersForLoginSetup } from "@/lib/two-factor/login-setup";
import { setProviderEnabled } from "@/lib/two-factor/provider-state";
import { activeProviders, hasSecondFactor, providerSet } from "@/lib/two-factor/provider-set";
import { makeUser } from "@/test/support/factories";

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
