// Threat: a captured or cloned security key answer signs in again — replayed, used for another sign-in or account, raced, sent malformed, or made by a copy whose counter went back.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { registerKey, registrationOptions } from "@/lib/providers/webauthn/ceremony";
import { relyingParty } from "@/lib/providers/webauthn/relying-party";
import { webauthnProvider } from "@/lib/providers/webauthn";
import { passwordStep } from "@/lib/auth/login";
import { pendingLogin, providerContext, solveChallenge, type PendingLogin } from "@/lib/two-factor/challenge-flow";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { makeUser, META } from "@/test/support/factories";
import { assertion, attestation, softKey, type SoftKey } from "@/test/support/webauthn-authenticator";

const rp = () => relyingParty();

async function userWithKey() {
  const user = await makeUser();
  const key = softKey();
  const options = await registrationOptions({ id: user.id, login: user.login }, false);
  const added = await registerKey(user.id, attestation(key, { challenge: options.challenge, rpId: rp().id, origin: rp().origin }), "Test key", false, META);
  expect(added).toEqual({ ok: true });
  return { user, key };
}

async function signInUpToKey(user: { login: string; password: string }): Promise<{ login: PendingLogin; challenge: string }> {
  const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
  if (!step.ok) throw new Error("password step failed");
  const login = (await pendingLogin(step.data.challenge))!;
  const view = await webauthnProvider.challengeView(providerContext(login, META));
  return { login, challenge: (view.webauthnRequest as { challenge: string }).challenge };
}

const answer = (key: SoftKey, challenge: string, counter: number) => assertion(key, { challenge, rpId: rp().id, origin: rp().origin, counter });

describe("security key answers", () => {
  it("work once: the same answer replayed, or used for another sign-in, is refused", async () => {
    const { user, key } = await userWithKey();
    const first = await signInUpToKey(user);
    const signed = answer(key, first.challenge, 1);
    const second = await signInUpToKey(user);
    expect(await solveChallenge(second.login, "webauthn", signed, META)).toMatchObject({ ok: false, reason: "wrong" });
    expect(await solveChallenge(first.login, "webauthn", signed, META)).toMatchObject({ ok: true });
    const third = await signInUpToKey(user);
    expect(await solveChallenge(third.login, "webauthn", signed, META)).toMatchObject({ ok: false, reason: "wrong" });
  });

  it("let exactly one of several concurrent submissions of one answer through", async () => {
    const { user, key } = await userWithKey();
    const { login, challenge } = await signInUpToKey(user);
    const signed = answer(key, challenge, 7);
    const results = await Promise.all(Array.from({ length: 5 }, () => solveChallenge(login, "webauthn", signed, META)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("are refused from another account's key, even over this sign-in's own challenge", async () => {
    const { user } = await userWithKey();
    const other = await userWithKey();
    const { login, challenge } = await signInUpToKey(user);
    expect(await solveChallenge(login, "webauthn", answer(other.key, challenge, 1), META)).toMatchObject({ ok: false, reason: "wrong" });
  });

  it("refuse a counter that went back and log a clone warning for the owner", async () => {
    const { user, key } = await userWithKey();
    const a = await signInUpToKey(user);
    expect(await solveChallenge(a.login, "webauthn", answer(key, a.challenge, 10), META)).toMatchObject({ ok: true });
    const b = await signInUpToKey(user);
    expect(await solveChallenge(b.login, "webauthn", answer(key, b.challenge, 10), META)).toMatchObject({ ok: false });
    const c = await signInUpToKey(user);
    expect(await solveChallenge(c.login, "webauthn", answer(key, c.challenge, 4), META)).toMatchObject({ ok: false });
    const warnings = await db.securityEvent.findMany({ where: { userId: user.id, type: "security_key.clone_warning" } });
    expect(warnings).toHaveLength(2);
    expect(JSON.parse(warnings[1]!.details!)).toMatchObject({ stored: 10, seen: 4 });
    // The real key, further on, still works.
    const d = await signInUpToKey(user);
    expect(await solveChallenge(d.login, "webauthn", answer(key, d.challenge, 11), META)).toMatchObject({ ok: true });
  });

  it("are refused for an origin or RP ID of another site (a phishing page's)", async () => {
    const { user, key } = await userWithKey();
    const { login, challenge } = await signInUpToKey(user);
    const phished = assertion(key, { challenge, rpId: rp().id, origin: "https://gatehouse.example.evil", counter: 1 });
    expect(await solveChallenge(login, "webauthn", phished, META)).toMatchObject({ ok: false, reason: "wrong" });
    const next = await signInUpToKey(user);
    const otherRp = assertion(key, { challenge: next.challenge, rpId: "evil.example", origin: rp().origin, counter: 1 });
    expect(await solveChallenge(next.login, "webauthn", otherRp, META)).toMatchObject({ ok: false, reason: "wrong" });
  });

  it("malformed (not JSON, wrong shapes, huge, bad base64url, wrong type) is a wrong answer, never an error", async () => {
    const { user, key } = await userWithKey();
    const { login, challenge } = await signInUpToKey(user);
    const good = JSON.parse(answer(key, challenge, 1));
    const inputs = [
      "{",
      "null",
      "[]",
      '"x"',
      JSON.stringify({ ...good, type: "password" }),
      JSON.stringify({ ...good, response: { ...good.response, clientDataJSON: "!!!" } }),
      JSON.stringify({ ...good, response: { ...good.response, clientDataJSON: Buffer.from("not json").toString("base64url") } }),
      JSON.stringify({ ...good, response: { ...good.response, authenticatorData: "AAAA" } }),
      JSON.stringify({ ...good, response: { ...good.response, signature: "AAAA" } }),
      JSON.stringify({ ...good, id: "a".repeat(5000) }),
      JSON.stringify({ ...good, clientExtensionResults: "x" }),
      "x".repeat(40_000),
    ];
    // Each wrong answer takes one of the challenge's 5 attempts: a fresh sign-in per 4 inputs.
    let current = { login, challenge };
    for (const [i, input] of inputs.entries()) {
      if (i > 0 && i % 4 === 0) current = await signInUpToKey(user);
      const result = await solveChallenge(current.login, "webauthn", input, META);
      expect(result, input.slice(0, 80)).toMatchObject({ ok: false });
      expect(result.ok ? null : result.reason, input.slice(0, 80)).not.toBe("unavailable");
    }
  });
});

describe("adding a key", () => {
  // Threat (denial of service): one user starting to add a key voids another user's request in progress.
  it("works for two users at the same time: each one's request stays theirs", async () => {
    const [a, b] = [await makeUser(), await makeUser()];
    const forA = await registrationOptions({ id: a.id, login: a.login }, false);
    const forB = await registrationOptions({ id: b.id, login: b.login }, false);
    const made = (challenge: string) => attestation(softKey(), { challenge, rpId: rp().id, origin: rp().origin });
    expect(await registerKey(a.id, made(forA.challenge), "A's key", false, META)).toEqual({ ok: true });
    expect(await registerKey(b.id, made(forB.challenge), "B's key", false, META)).toEqual({ ok: true });
    // Still one live request per user: a newer one of the same user replaces the older.
    const older = await registrationOptions({ id: a.id, login: a.login }, false);
    await registrationOptions({ id: a.id, login: a.login }, false);
    expect(await registerKey(a.id, made(older.challenge), "Old request", false, META)).toMatchObject({ ok: false });
  });
});
