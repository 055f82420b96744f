// Threat: a session signed in with a phishable code gains "security key" on its record without a real, fresh key answer of its own (replayed, made for another session or sign-in, by another user's key) — or a client is redirected to a page it cannot use.
import { describe, expect, it } from "vitest";
import { redeemChallenge } from "@/lib/auth/challenge";
import type { Authenticated } from "@/lib/auth/session";
import { stepUpOffer, stepUpSession } from "@/lib/auth/step-up";
import { resolveTokenByHash } from "@/lib/auth/tokens";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { appAskingMore } from "@/lib/forward-auth/step-up";
import { metricsText } from "@/lib/metrics";
import { webauthnProvider } from "@/lib/providers/webauthn";
import { registerKey, registrationOptions } from "@/lib/providers/webauthn/ceremony";
import { relyingParty } from "@/lib/providers/webauthn/relying-party";
import { pendingLogin, providerContext, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { setProviderSwitchedOff } from "@/lib/two-factor/provider-set";
import { sessionCookie } from "@/test/support/api";
import { makeSession, makeUser, META, pendingTotpLogin, totpCode } from "@/test/support/factories";
import { client } from "@/test/support/security";
import { assertion, attestation, softKey, type SoftKey } from "@/test/support/webauthn-authenticator";
import { ask, BROWSER, makeApp } from "./support";

const rp = () => relyingParty();
const answer = (key: SoftKey, challenge: string, counter: number) => assertion(key, { challenge, rpId: rp().id, origin: rp().origin, counter });

async function addKey(user: { id: string; login: string }): Promise<SoftKey> {
  const key = softKey();
  const options = await registrationOptions({ id: user.id, login: user.login }, false);
  expect(await registerKey(user.id, attestation(key, { challenge: options.challenge, rpId: rp().id, origin: rp().origin }), "Desk key", false, META)).toEqual({
    ok: true,
  });
  return key;
}

/** A real sign-in with password + TOTP by a user who also has a security key (used another time). */
async function totpSessionWithKey() {
  const { user, secret, challenge, login } = await pendingTotpLogin();
  const key = await addKey(user);
  expect(await solveChallenge(login, "totp", await totpCode(secret), META)).toMatchObject({ ok: true });
  const sid = (await redeemChallenge(challenge, META))!;
  return { user, key, sid, session: await sessionOf(sid) };
}

async function sessionOf(sid: string): Promise<Authenticated> {
  const token = (await resolveTokenByHash(hashSecret(sid), "session"))!;
  return { user: token.user, token };
}

const methodsOf = async (sid: string) => (await db.authToken.findUniqueOrThrow({ where: { hash: hashSecret(sid) } })).methods;

/** The challenge of this session's step-up request (what the page hands the browser). */
async function stepUpChallenge(session: Authenticated): Promise<string> {
  const offer = await stepUpOffer(session);
  if (offer.kind !== "key") throw new Error(`no key offered: ${offer.kind}`);
  return (offer.options as { challenge: string }).challenge;
}

describe("an app that requires phishing_resistant, for a session signed in with a code", () => {
  it("sends the browser to step-up (401 + Location for nginx, 302 for Traefik/Caddy) and refuses a client with 403", async () => {
    const app = await makeApp({ require: "phishing_resistant" });
    const { sid } = await totpSessionWithKey();
    const cookie = await sessionCookie(sid);
    const url = `${app.url}/notes?id=7`;
    const location = `${rp().origin}/login/step-up?rd=${encodeURIComponent(url)}`;

    const nginx = await ask("auth-request", { url, cookie, accept: BROWSER });
    expect(nginx).toMatchObject({ status: 401, headers: { Location: location } });
    expect(nginx.headers["WWW-Authenticate"]).toBeUndefined();
    const traefik = await ask("forward-auth", { url, cookie, accept: BROWSER });
    expect(traefik).toMatchObject({ status: 302, headers: { Location: location } });
    // The same cookie on a request that is no page navigation (fetch, a sync client): no redirect it cannot follow.
    const xhr = await ask("forward-auth", { url, cookie, accept: "application/json" });
    expect(xhr.status).toBe(403);
    expect(xhr.headers.Location).toBeUndefined();
    // A browser signed in nowhere still goes to the sign-in page.
    expect((await ask("forward-auth", { url, accept: BROWSER })).headers.Location).toBe(`${rp().origin}/login?rd=${encodeURIComponent(url)}`);
    // Counted by what was decided, whichever proxy asked (nginx's step-up is a 401, Traefik's a 302).
    const { body } = await metricsText();
    const count = (result: string) =>
      Number(new RegExp(`^gatehouse_verify_decisions_total\\{app="${app.name}",result="${result}"\\} (\\d+)$`, "m").exec(body)?.[1]);
    expect({ step_up: count("step_up"), forbidden: count("forbidden"), sign_in: count("sign_in") }).toEqual({ step_up: 2, forbidden: 1, sign_in: 1 });
  });

  it("tells a user the app does not let in so, rather than asking them to confirm with a key first", async () => {
    const { sid } = await totpSessionWithKey();
    const other = await makeUser();
    const app = await makeApp({ require: "phishing_resistant", allowUsers: [other.login] });
    const cookie = await sessionCookie(sid);
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      const refused = await ask(endpoint, { url: `${app.url}/`, cookie, accept: BROWSER });
      expect(refused.status).toBe(403);
      expect(refused.headers.Location).toBeUndefined();
      expect(JSON.parse(refused.body).message).toMatch(/does not let this account in/);
    }
  });

  it("admits the same session once it answered its own step-up request with the user's key: methods pwd otp hwk, logged", async () => {
    const app = await makeApp({ require: "phishing_resistant" });
    const { user, key, sid, session } = await totpSessionWithKey();
    expect(await appAskingMore(`${app.url}/`, session.token.methods)).toBe(app.name);

    const result = await stepUpSession(session, answer(key, await stepUpChallenge(session), 1), META);
    expect(result).toEqual({ ok: true, data: { methods: "pwd otp hwk" } });
    expect(await methodsOf(sid)).toBe("pwd otp hwk");
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "session.stepped_up" } })).toBe(1);

    const admitted = await ask("forward-auth", { url: `${app.url}/`, cookie: await sessionCookie(sid), accept: BROWSER });
    expect(admitted.status).toBe(200);
    expect(admitted.headers).toMatchObject({ "Remote-User": user.login, "Remote-Auth-Methods": "pwd,otp,hwk" });
    expect(await appAskingMore(`${app.url}/`, "pwd otp hwk")).toBeNull();
  });

  it("refuses a key added during this session when the user had one before it: a session phished in real time cannot step itself up with its own key", async () => {
    const { user, key, sid, session } = await totpSessionWithKey();
    // The phisher, holding the relayed session (and the password, for sudo), adds a key of their own.
    const theirs = await addKey(user);
    const offer = await stepUpOffer(session);
    expect(offer.kind).toBe("key");
    const offered = ((offer as { options: { allowCredentials?: { id: string }[] } }).options.allowCredentials ?? []).map((c) => c.id);
    expect(offered).toEqual([Buffer.from(key.credentialId).toString("base64url")]);
    const refused = await stepUpSession(session, answer(theirs, (offer as { options: { challenge: string } }).options.challenge, 1), client());
    expect(refused).toMatchObject({ ok: false, error: "invalid_credentials", message: "Use a key you added before this sign-in." });
    expect(await methodsOf(sid)).toBe("pwd otp");
    // The owner's key, added before the sign-in, still steps it up; a later session may use the new key too.
    expect(await stepUpSession(session, answer(key, await stepUpChallenge(session), 1), META)).toMatchObject({ ok: true });
    const later = await sessionOf(await makeSession(user.id));
    expect(await stepUpSession(later, answer(theirs, await stepUpChallenge(later), 2), META)).toMatchObject({ ok: true });
  });

  it("refuses a replayed answer, an answer made for another session of the same user, and one made for a sign-in", async () => {
    const { user, key, sid, session } = await totpSessionWithKey();
    const attacker = client();

    // Another session of the same user asks; its answer is posted to this one.
    const otherSid = await makeSession(user.id);
    const other = await sessionOf(otherSid);
    await stepUpChallenge(session);
    const theirs = answer(key, await stepUpChallenge(other), 1);
    expect(await stepUpSession(session, theirs, attacker)).toMatchObject({ ok: false, error: "invalid_credentials" });

    // An answer made for a sign-in's key challenge (purpose "authenticate", bound to the login challenge).
    const { login } = await pendingTotpLoginOf(user);
    const view = await webauthnProvider.challengeView(providerContext(login, META));
    const forSignIn = answer(key, (view.webauthnRequest as { challenge: string }).challenge, 2);
    expect(await stepUpSession(session, forSignIn, attacker)).toMatchObject({ ok: false, error: "invalid_credentials" });

    // This session's own answer works once; sent again (or after a new request) it is refused.
    const own = answer(key, await stepUpChallenge(session), 3);
    expect(await stepUpSession(session, own, META)).toMatchObject({ ok: true });
    expect(await stepUpSession(session, own, attacker)).toMatchObject({ ok: false, error: "invalid_credentials" });
    expect(await methodsOf(sid)).toBe("pwd otp hwk");
    expect(await methodsOf(otherSid)).toBe("pwd");
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "session.stepped_up" } })).toBe(1);
  });

  it("refuses another user's key, even over this session's own request, and a malformed answer (no 500)", async () => {
    const { sid, session } = await totpSessionWithKey();
    const stranger = await makeUser();
    const strangersKey = await addKey(stranger);
    expect(await stepUpSession(session, answer(strangersKey, await stepUpChallenge(session), 1), client())).toMatchObject({
      ok: false,
      error: "invalid_credentials",
    });
    // Each from its own address: the throttle would answer a run of them from one with 429, which is right but not the point here.
    for (const bad of ["", "{", "null", JSON.stringify({ id: "x", type: "public-key", response: {} }), "x".repeat(40_000)]) {
      expect(await stepUpSession(session, bad, client())).toMatchObject({ ok: false, error: "invalid_credentials" });
    }
    expect(await methodsOf(sid)).toBe("pwd otp");
  });

  it("offers nothing to sign with to a user without a key, nor while the admin has security keys switched off", async () => {
    const { user, challenge, login, secret } = await pendingTotpLogin();
    expect(await solveChallenge(login, "totp", await totpCode(secret), META)).toMatchObject({ ok: true });
    const session = await sessionOf((await redeemChallenge(challenge, META))!);
    expect(await stepUpOffer(session)).toEqual({ kind: "no_key" });

    const key = await addKey(user);
    const signed = answer(key, await stepUpChallenge(session), 1);
    expect(await setProviderSwitchedOff("webauthn", true, "test")).toBe(true);
    try {
      expect(await stepUpOffer(session)).toEqual({ kind: "off" });
      expect(await stepUpSession(session, signed, META)).toMatchObject({ ok: false, error: "not_found" });
    } finally {
      await setProviderSwitchedOff("webauthn", false, "test");
    }
  });

  it("leaves Gatehouse paths, apps without the rule and addresses no app covers alone (no step-up detour)", async () => {
    const plain = await makeApp();
    expect(await appAskingMore("/settings/security", "pwd otp")).toBeNull();
    expect(await appAskingMore(`${plain.url}/`, "pwd otp")).toBeNull();
    expect(await appAskingMore("https://nowhere.gatehouse.test/", "pwd")).toBeNull();
  });
});

async function pendingTotpLoginOf(user: { login: string; password: string }) {
  const { passwordStep } = await import("@/lib/auth/login");
  const { loginRequirement } = await import("@/lib/two-factor/provider-set");
  const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
  if (!step.ok) throw new Error(step.message);
  return { login: (await pendingLogin(step.data.challenge))! };
}
