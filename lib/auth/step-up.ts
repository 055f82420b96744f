import "server-only";
import { isThrottled, secondFactorAttempt } from "@/lib/auth/attempts";
import type { ClientMeta } from "@/lib/auth/request-meta";
import type { Authenticated } from "@/lib/auth/session";
import { addSessionMethod } from "@/lib/auth/session-methods";
import type { Throttled } from "@/lib/auth/throttle";
import { failure, type Result } from "@/lib/errors";
import { WEBAUTHN_ID } from "@/lib/providers/webauthn/keys";
import { checkStepUp, STEP_UP_METHOD, stepUpOptions } from "@/lib/providers/webauthn/step-up";
import { switchedOffProviderIds } from "@/lib/two-factor/provider-set";

/**
 * Step-up of a signed-in session (an app that requires phishing_resistant, a
 * TOTP session): the user answers with one of their keys and the session itself
 * gains "hwk" — no new sign-in, no new token. The method comes only from a
 * verified assertion bound to this session's user and a fresh single-use
 * challenge; answers count into the second-factor throttle (address and account)
 * like the challenge's. Off while the admin has switched security keys off.
 */

const stepUpSubject = (session: Authenticated) => ({ userId: session.user.id, sessionId: session.token.id, sessionStarted: session.token.createdAt });

export type StepUpOffer = { kind: "key"; options: object } | { kind: "no_key" } | { kind: "off" };

export async function stepUpOffer(session: Authenticated): Promise<StepUpOffer> {
  if ((await switchedOffProviderIds()).includes(WEBAUTHN_ID)) return { kind: "off" };
  const options = await stepUpOptions(stepUpSubject(session));
  return options ? { kind: "key", options } : { kind: "no_key" };
}

export async function stepUpSession(session: Authenticated, raw: string, meta: ClientMeta): Promise<Result<{ methods: string }> | Throttled> {
  if ((await switchedOffProviderIds()).includes(WEBAUTHN_ID)) return failure("not_found", "Security keys are turned off on this server.");
  const checked = await secondFactorAttempt(session.user.id, meta, () => checkStepUp(raw, stepUpSubject(session), meta));
  if (isThrottled(checked)) return checked;
  if (!checked.ok) return failure("invalid_credentials", checked.message);
  const methods = await addSessionMethod({ tokenId: session.token.id, userId: session.user.id }, STEP_UP_METHOD, meta);
  return methods ? { ok: true, data: { methods } } : failure("unauthenticated");
}
