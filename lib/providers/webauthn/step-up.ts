import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { authenticationOptions, checkAssertion } from "./ceremony";
import type { Binding } from "./challenges";
import { storedKeys, type StoredKey } from "./keys";

/**
 * Step-up: a signed-in browser confirms with one of its user's keys (a security
 * key or a passkey) to reach an app that requires `phishing_resistant`, without
 * signing in again. The request is bound to the session row (purpose "step_up",
 * the user, the token id): single use, 5 minutes, worthless for another session
 * or a sign-in; the answer must come from one of this user's keys, with a valid
 * signature over this site's origin and a sign counter that moved forward.
 * The method it adds is "hwk", as at the challenge: a key on top of a sign-in
 * ("passkey" is the password-less sign-in, where the passkey is the whole of it).
 *
 * Only keys added before the session began count, when there are any: a session
 * phished in real time (password and code relayed) can add a key of its own
 * under sudo, and must not then step itself up with it. A user whose keys all
 * came later (the first key, added in this very session) steps up with those:
 * there is nothing older to tell the owner from anyone else by, and the
 * new-key e-mail tells the owner (docs/security.md § Step-up).
 */

export const STEP_UP_METHOD = "hwk" as const;

const binding = (userId: string, sessionId: number): Binding => ({ purpose: "step_up", userId, bindTo: `session:${sessionId}` });

export type StepUpSession = { userId: string; sessionId: number; sessionStarted: Date };

/** The keys that may step this session up (see above). */
export function eligibleKeys(keys: StoredKey[], sessionStarted: Date): StoredKey[] {
  const older = keys.filter((k) => k.createdAt.getTime() < sessionStarted.getTime());
  return older.length > 0 ? older : keys;
}

/** A fresh request for the keys that may step this session up, bound to it; null when the user has no key. */
export async function stepUpOptions(s: StepUpSession): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const keys = eligibleKeys(await storedKeys(s.userId), s.sessionStarted);
  if (keys.length === 0) return null;
  return authenticationOptions(keys, binding(s.userId, s.sessionId), "discouraged");
}

/** Checks the browser's answer to this session's step-up request. */
export async function checkStepUp(
  raw: string,
  s: StepUpSession,
  meta: { ip?: string | null; userAgent?: string | null },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const result = await checkAssertion(raw, binding(s.userId, s.sessionId), s.userId, false, meta);
  if (!result.ok) return { ok: false, message: result.message };
  const allowed = eligibleKeys(await storedKeys(s.userId), s.sessionStarted);
  if (!allowed.some((k) => k.id === result.value.id)) return { ok: false, message: "Use a key you added before this sign-in." };
  return { ok: true };
}
