// Threat: a member of a group that must sign in phishing resistant gets in with a phishable code (TOTP, backup code) instead of a security key or passkey.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { redeemChallenge } from "@/lib/auth/challenge";
import { passwordStep } from "@/lib/auth/login";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { addGroup, addToGroup } from "@/lib/groups";
import { webauthnProvider } from "@/lib/providers/webauthn";
import { registerKey, registrationOptions } from "@/lib/providers/webauthn/ceremony";
import { relyingParty } from "@/lib/providers/webauthn/relying-party";
import { writePhishingResistantGroups } from "@/lib/two-factor/assurance-policy";
import { offeredProviders, pendingLogin, providerContext, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { finishLoginSetup, mustSetUpAtLogin, proofBeforeSetup, providersForLoginSetup } from "@/lib/two-factor/login-setup";
import { regenerateCodes } from "@/lib/providers/backup-codes/store";
import { loginRequirement, setProviderSwitchedOff } from "@/lib/two-factor/provider-set";
import { enrolTotp, makeUser, META, totpCode } from "@/test/support/factories";
import { attestation, softKey } from "@/test/support/webauthn-authenticator";

async function memberWithTotp(group: string) {
  const user = await makeUser();
  const secret = await enrolTotp(user.id);
  await addToGroup(group, user.login, "test");
  return { user, secret };
}

async function signIn(user: { login: string; password: string }) {
  const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
  if (!step.ok) throw new Error("password step failed");
  return { secret: step.data.challenge, login: (await pendingLogin(step.data.challenge))! };
}

async function ruleFor() {
  const group = `keys-${randomBytes(4).toString("hex")}`;
  await addGroup(group, "test");
  expect(await writePhishingResistantGroups([group], "test")).toEqual({ ok: true });
  return group;
}

afterEach(async () => {
  await writePhishingResistantGroups([], "test");
});

describe("a group that must sign in phishing resistant", () => {
  it("has a member with TOTP prove it with a TOTP code before adding a key at sign-in — a phished password alone adds no key; that sign-in records pwd otp hwk", async () => {
    const group = await ruleFor();
    const { user, secret } = await memberWithTotp(group);
    const { secret: challenge, login } = await signIn(user);
    expect(login.assurance).toBe("phishing_resistant");
    expect(login.preferred?.id).toBe("totp");
    // The proof step: the factors the user has (and recovery codes), never a set-up yet.
    expect(offeredProviders(login).map((p) => p.id)).toContain("totp");
    expect(await mustSetUpAtLogin(login)).toBe(false);
    expect(await proofBeforeSetup(login)).toBe(true);
    const rp = relyingParty();
    const phisherKey = async (l: typeof login) => {
      const view = await webauthnProvider.setup!.begin(providerContext(l, META));
      const options = view.webauthnCreate as { challenge: string };
      return finishLoginSetup(l, webauthnProvider, attestation(softKey(), { challenge: options.challenge, rpId: rp.id, origin: rp.origin }), META, {
        name: "Key",
      });
    };
    // Whoever has only the password cannot enrol a key of their own, posted straight to the set-up.
    expect(await phisherKey(login)).toMatchObject({ ok: false });
    expect(await db.webAuthnCredential.count({ where: { userId: user.id } })).toBe(0);
    expect(await solveChallenge(login, "totp", "000000", META)).toMatchObject({ ok: false, reason: "wrong" });
    expect(await redeemChallenge(challenge, META)).toBeNull();

    // A right TOTP code proves it: no session yet, set-up is next (and no second answer is taken).
    expect(await solveChallenge(login, "totp", await totpCode(secret), META)).toEqual({ ok: true, promptsSetup: false, setupNext: true });
    expect(await redeemChallenge(challenge, META)).toBeNull();
    const proved = (await pendingLogin(challenge))!;
    expect(await mustSetUpAtLogin(proved)).toBe(true);
    expect(await solveChallenge(proved, "totp", await totpCode(secret, 1), META)).toMatchObject({ ok: false, reason: "setup_required" });
    expect((await providersForLoginSetup(proved)).map((p) => p.id)).toEqual(["webauthn"]);
    expect(await phisherKey(proved)).toEqual({ ok: true });
    const sid = await redeemChallenge(challenge, META);
    expect((await db.authToken.findUniqueOrThrow({ where: { hash: hashSecret(sid!) } })).methods).toBe("pwd otp hwk");
  });

  it("blocks a member whose only factor the admin switched off rather than let the password alone add a key; a backup code is proof", async () => {
    const group = await ruleFor();
    const { user } = await memberWithTotp(group);
    await setProviderSwitchedOff("totp", true, "test");
    try {
      const blocked = await signIn(user);
      expect(await mustSetUpAtLogin(blocked.login)).toBe(false);
      expect(offeredProviders(blocked.login)).toEqual([]);
      const view = await webauthnProvider.setup!.begin(providerContext(blocked.login, META));
      const rp = relyingParty();
      const key = attestation(softKey(), { challenge: (view.webauthnCreate as { challenge: string }).challenge, rpId: rp.id, origin: rp.origin });
      expect(await finishLoginSetup(blocked.login, webauthnProvider, key, META, { name: "Key" })).toMatchObject({ ok: false });
      expect(await redeemChallenge(blocked.secret, META)).toBeNull();

      const [code] = await regenerateCodes(user.id);
      const { secret: challenge, login } = await signIn(user);
      expect(offeredProviders(login).map((p) => p.id)).toEqual(["backup_codes"]);
      expect(await solveChallenge(login, "backup_codes", code!, META)).toEqual({ ok: true, promptsSetup: false, setupNext: true });
      expect(await redeemChallenge(challenge, META)).toBeNull();
      expect(await mustSetUpAtLogin((await pendingLogin(challenge))!)).toBe(true);
    } finally {
      await setProviderSwitchedOff("totp", false, "test");
    }
  });

  it("offers a member who has a key only the key: a right TOTP code is not a way in", async () => {
    const group = await ruleFor();
    const { user, secret } = await memberWithTotp(group);
    const options = await registrationOptions({ id: user.id, login: user.login }, false);
    const rp = relyingParty();
    expect(await registerKey(user.id, attestation(softKey(), { challenge: options.challenge, rpId: rp.id, origin: rp.origin }), "Key", false, META)).toEqual({
      ok: true,
    });
    const { login } = await signIn(user);
    expect(offeredProviders(login).map((p) => p.id)).toEqual(["webauthn"]);
    expect(login.preferred?.id).toBe("webauthn");
    expect(await mustSetUpAtLogin(login)).toBe(false);
    expect(await solveChallenge(login, "totp", await totpCode(secret), META)).toMatchObject({ ok: false, reason: "unavailable" });
  });

  it("does not let a member without any factor in with the password alone", async () => {
    const group = await ruleFor();
    const user = await makeUser();
    await addToGroup(group, user.login, "test");
    expect(await loginRequirement(user.id)).toBe("setup");
    const { secret } = await signIn(user);
    expect(await redeemChallenge(secret, META)).toBeNull();
  });

  it("leaves users outside the group as they were", async () => {
    await ruleFor();
    const outsider = await makeUser();
    const secret = await enrolTotp(outsider.id);
    const { login } = await signIn(outsider);
    expect(login.assurance).toBeNull();
    expect(await solveChallenge(login, "totp", await totpCode(secret), META)).toMatchObject({ ok: true });
  });

  it("refuses a group that does not exist, changing nothing", async () => {
    expect(await writePhishingResistantGroups(["no-such-group-x"], "test")).toMatchObject({ ok: false, error: "not_found" });
  });
});
