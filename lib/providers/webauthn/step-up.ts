import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { authenticationOptions, checkAssertion } from "./ceremony";
import type { Binding } from "./challenges";
import { storedKeys } from "./keys";

/**
 * Step-up: a signed-in browser confirms with one of its user's keys (a security
 * key or a passkey) to reach an app that requires `phishing_resistant`, without
 * signing in again. The request is bound to the session row (purpose "step_up",
 * the user, the token id): single use, 5 minutes, worthless for another session
 * or a sign-in; the answer must come from one of this user's keys, with a valid
 * signature over this site's origin and a sign counter that moved forward.
 * The method it adds is "hwk", as at the challenge: a key on top of a sign-in
 * ("passkey" is the password-less sign-in, where the passkey is the whole of it).
 */

export const STEP_UP_METHOD = "hwk" as const;

const binding = (userId: string, sessionId: number): Binding => ({ purpose: "step_up", userId, bindTo: `session:${sessionId}` });

/** A fresh request for the user's keys, bound to this session; null when the user has no key. */
export async function stepUpOptions(userId: string, sessionId: number): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const keys = await storedKeys(userId);
  if (keys.length === 0) return null;
  return authenticationOptions(keys, binding(userId, sessionId), "discouraged");
}

/** Checks the browser's answer to this session's step-up request. */
export async function checkStepUp(
  raw: string,
  userId: string,
  sessionId: number,
  meta: { ip?: string | null; userAgent?: string | null },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const result = await checkAssertion(raw, binding(userId, sessionId), userId, false, meta);
  return result.ok ? { ok: true } : { ok: false, message: result.message };
}
