// Threat: a sign-in whose second factor was skipped or was no typed code is recorded as more than it was — a trusted browser's password-only sign-in passing an app or group rule that requires a security key, or an approval counted as a one-time code.
import { afterEach, describe, expect, it } from "vitest";
import { redeemChallenge } from "@/lib/auth/challenge";
import { passwordStep } from "@/lib/auth/login";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { addGroup, addToGroup } from "@/lib/groups";
import { APPROVAL_ID, decide, requestOf, turnOnApproval } from "@/lib/providers/device-approval/store";
import { registerKey, registrationOptions } from "@/lib/providers/webauthn/ceremony";
import { relyingParty } from "@/lib/providers/webauthn/relying-party";
import { describeMethods, parseMethods } from "@/lib/two-factor/assurance";
import { writePhishingResistantGroups } from "@/lib/two-factor/assurance-policy";
import { pendingLogin, sendChallengeCode, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { skippingTrustedChallenge, trustBrowser, trustOfferedTo } from "@/lib/two-factor/trusted-browsers";
import { sessionCookie } from "@/test/support/api";
import { enrolTotp, makeSession, makeUser, META } from "@/test/support/factories";
import { attestation, softKey } from "@/test/support/webauthn-authenticator";
import { ask, BROWSER, makeApp, unique } from "@/test/forward-auth/support";

async function userWithTotpAndKey() {
  const user = await makeUser();
  await enrolTotp(user.id);
  const options = await registrationOptions({ id: user.id, login: user.login }, false);
  const rp = relyingParty();
  expect(await registerKey(user.id, attestation(softKey(), { challenge: options.challenge, rpId: rp.id, origin: rp.origin }), "Key", false, META)).toEqual({
    ok: true,
  });
  return user;
}

/** The password step from a browser carrying `trust` as its trust cookie. */
async function passwordFrom(user: { login: string; password: string }, trust: string | undefined) {
  const step = await passwordStep({ login: user.login, password: user.password }, META, skippingTrustedChallenge(loginRequirement, trust, META));
  if (!step.ok) throw new Error(step.message);
  return step.data;
}

const methodsOf = async (sid: string) => (await db.authToken.findUniqueOrThrow({ where: { hash: hashSecret(sid) } })).methods;

afterEach(async () => {
  await writePhishingResistantGroups([], "test");
});

describe("the methods of a sign-in without a challenge", () => {
  it("a trusted browser's sign-in records pwd alone: shown as such, and an app that requires a key sends it to step-up", async () => {
    const user = await userWithTotpAndKey();
    const trust = (await trustBrowser(user.id, META))!.secret;
    const step = await passwordFrom(user, trust);
    expect(step.then).toBe("none");
    const sid = (await redeemChallenge(step.challenge, META))!;
    expect(await methodsOf(sid)).toBe("pwd");
    expect(describeMethods(parseMethods("pwd"))).toBe("password only (no second factor asked)");
    expect(await db.securityEvent.findFirst({ where: { userId: user.id, type: "sign_in.succeeded" }, select: { details: true } })).toMatchObject({
      details: expect.stringContaining('"methods":"pwd"'),
    });

    const app = await makeApp({ require: "phishing_resistant" });
    const answer = await ask("forward-auth", { url: `${app.url}/`, cookie: await sessionCookie(sid), accept: BROWSER });
    expect(answer.status).toBe(302);
    expect(answer.headers.Location).toContain("/login/step-up?rd=");
  });

  it("a member of a group that must sign in phishing resistant is not offered trust, and a trust given before the rule skips nothing", async () => {
    const user = await userWithTotpAndKey();
    const trust = (await trustBrowser(user.id, META))!.secret;
    const group = `keys-${unique()}`;
    await addGroup(group, "test");
    await addToGroup(group, user.login, "test");
    expect(await writePhishingResistantGroups([group], "test")).toEqual({ ok: true });

    expect(await trustOfferedTo(user.id)).toBeNull();
    expect(await trustBrowser(user.id, META)).toBeNull();
    const step = await passwordFrom(user, trust);
    expect(step.then).toBe("challenge");
    expect(await redeemChallenge(step.challenge, META)).toBeNull();
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "trusted_browser.used" } })).toBe(0);
  });

  it("an approval from a signed-in device records msg (out of band, phishable), not a typed code, and never passes a key rule", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    await turnOnApproval(user.id, META);
    await makeSession(user.id);
    const step = await passwordFrom(user, undefined);
    const login = (await pendingLogin(step.challenge))!;
    expect(await sendChallengeCode(login, APPROVAL_ID, META)).toEqual({ ok: true });
    const request = (await requestOf(login.challenge.id))!;
    expect(await decide(user.id, request.id, request.number, META)).toBe("approved");
    expect(await solveChallenge(login, APPROVAL_ID, "approved", META)).toMatchObject({ ok: true });
    const sid = (await redeemChallenge(step.challenge, META))!;
    expect(await methodsOf(sid)).toBe("pwd msg");
    expect(describeMethods(parseMethods("pwd msg"))).toBe("password + message code or device approval");

    const app = await makeApp({ require: "phishing_resistant" });
    expect((await ask("auth-request", { url: `${app.url}/`, cookie: await sessionCookie(sid), accept: BROWSER })).status).toBe(401);
  });
});
