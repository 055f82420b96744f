// Threat: a security key or passkey answer captured (or left unanswered) is used later than its 5 minutes — at sign-in, for a passkey sign-in, or to add a key.
import { afterEach, describe, expect, it, vi } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { webauthnProvider } from "@/lib/providers/webauthn";
import { CEREMONY_TIMEOUT_MS } from "@/lib/providers/webauthn/challenges";
import { registerKey, registrationOptions } from "@/lib/providers/webauthn/ceremony";
import { passkeyOptions, passkeyUser } from "@/lib/providers/webauthn/passkey";
import { relyingParty } from "@/lib/providers/webauthn/relying-party";
import { pendingLogin, providerContext, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { makeUser, META } from "@/test/support/factories";
import { passkeyAnswer, userWithKey } from "@/test/support/passkey-browser";
import { attestation, softKey } from "@/test/support/webauthn-authenticator";

/** Moves the clock `ms` past now (Date only: the database and timers run as usual). */
function later(ms: number): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + ms);
}

afterEach(() => {
  vi.useRealTimers();
});

const JUST_BEFORE = CEREMONY_TIMEOUT_MS - 5_000;
const JUST_AFTER = CEREMONY_TIMEOUT_MS + 1_000;

async function keyChallenge(user: { login: string; password: string }) {
  const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
  if (!step.ok) throw new Error(step.message);
  const login = (await pendingLogin(step.data.challenge))!;
  const view = await webauthnProvider.challengeView(providerContext(login, META));
  return { secret: step.data.challenge, login, challenge: (view.webauthnRequest as { challenge: string }).challenge };
}

describe("a WebAuthn challenge lives 5 minutes", () => {
  it("at sign-in: the key's answer is accepted just before 5 minutes, refused after (the login challenge itself still lives)", async () => {
    expect(CEREMONY_TIMEOUT_MS).toBe(5 * 60_000);
    const { user, key } = await userWithKey("key");
    const timely = await keyChallenge(user);
    const late = await keyChallenge(user);
    later(JUST_BEFORE);
    expect(await solveChallenge(timely.login, "webauthn", passkeyAnswer(key, timely.challenge, 1, false), META)).toMatchObject({ ok: true });
    vi.setSystemTime(Date.now() - JUST_BEFORE + JUST_AFTER);
    expect(await pendingLogin(late.secret)).not.toBeNull();
    expect(await solveChallenge(late.login, "webauthn", passkeyAnswer(key, late.challenge, 2, false), META)).toMatchObject({ ok: false, reason: "wrong" });
  });

  it("for a passkey sign-in", async () => {
    const { user, key } = await userWithKey("passkey");
    const [one, other] = ["b".repeat(43), "c".repeat(43)];
    const timely = (await passkeyOptions(one, META.ip))!;
    const late = (await passkeyOptions(other, META.ip))!;
    later(JUST_BEFORE);
    expect(await passkeyUser(passkeyAnswer(key, timely.challenge, 1), one, META)).toEqual({ ok: true, userId: user.id });
    vi.setSystemTime(Date.now() - JUST_BEFORE + JUST_AFTER);
    expect(await passkeyUser(passkeyAnswer(key, late.challenge, 2), other, META)).toMatchObject({ ok: false });
  });

  it("when adding a key", async () => {
    const user = await makeUser();
    const rp = relyingParty();
    const made = (challenge: string) => attestation(softKey(), { challenge, rpId: rp.id, origin: rp.origin });
    const timely = await registrationOptions({ id: user.id, login: user.login }, false);
    later(JUST_BEFORE);
    expect(await registerKey(user.id, made(timely.challenge), "Timely", false, META)).toEqual({ ok: true });
    vi.useRealTimers();

    const late = await registrationOptions({ id: user.id, login: user.login }, false);
    later(JUST_AFTER);
    expect(await registerKey(user.id, made(late.challenge), "Late", false, META)).toEqual({ ok: false, message: "That request has expired. Try again." });
  });
});
