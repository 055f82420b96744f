import "server-only";
import { isThrottled, secondFactorAttempt } from "@/lib/auth/attempts";
import { findChallenge, markVerified, reserveAttempt, type Challenge } from "@/lib/auth/challenge";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/security/events";
import { lastUsedProviderId, markProviderUsed } from "@/lib/two-factor/provider-state";
import { providerSet, type ProviderSet } from "@/lib/two-factor/provider-set";
import type { ProviderContext, SecondFactorProvider } from "@/lib/two-factor/types";

/**
 * The core of the second step (Better Auth's verify-two-factor, Nextcloud's
 * Manager): everything around a provider's `verify` — which providers are on
 * offer, the attempt cap, marking the challenge solved, remembering the last
 * provider used. Providers only say whether an answer is right.
 */

export type PendingLogin = {
  challenge: Challenge;
  user: { id: string; login: string; displayName: string };
  providers: ProviderSet;
  /** The provider to open first: the last one used, else the first factor. */
  preferred: SecondFactorProvider | undefined;
};

export async function pendingLogin(secret: string | undefined): Promise<PendingLogin | null> {
  const challenge = await findChallenge(secret);
  if (!challenge) return null;
  const user = await db.user.findUnique({ where: { id: challenge.userId }, select: { id: true, login: true, displayName: true, disabled: true } });
  if (!user || user.disabled) return null;
  const providers = await providerSet(user.id);
  const last = await lastUsedProviderId(user.id);
  const preferred = providers.factors.find((p) => p.id === last) ?? providers.factors[0];
  return { challenge, user: { id: user.id, login: user.login, displayName: user.displayName }, providers, preferred };
}

/**
 * The providers this pending login may use: none while an enabled provider is
 * missing (fail closed), and none when every method the user has was switched
 * off by the admin and no recovery method is left.
 */
export function offeredProviders(login: PendingLogin): SecondFactorProvider[] {
  if (login.providers.missing.length > 0) return [];
  return [...login.providers.factors, ...login.providers.recovery];
}

export function providerContext(login: PendingLogin, meta: ClientMeta): ProviderContext {
  return { userId: login.user.id, login: login.user.login, meta, challengeId: login.challenge.id };
}

export type SolveResult =
  | { ok: true; promptsSetup: boolean }
  | { ok: false; reason: "wrong"; attemptsLeft: number; message: string }
  | { ok: false; reason: "locked" | "unavailable" | "throttled"; message: string };

const MAX_INPUT = 256;

export async function solveChallenge(login: PendingLogin, providerId: string, rawInput: string, meta: ClientMeta): Promise<SolveResult> {
  const provider = offeredProviders(login).find((p) => p.id === providerId);
  if (!provider) return { ok: false, reason: "unavailable", message: "That sign-in method is not available for this account." };
  // Throttled per address and per account on top of the challenge's own cap
  // (a guesser can start new challenges with the password, never more guesses per one).
  const outcome = await secondFactorAttempt(login.user.id, meta, () => checkAnswer(login, provider, rawInput, meta));
  if (isThrottled(outcome)) return { ok: false, reason: "throttled", message: outcome.message };
  await recordEvent(db, {
    userId: login.user.id,
    type: outcome.ok ? "challenge.passed" : "challenge.failed",
    ip: meta.ip,
    userAgent: meta.userAgent,
    details: { provider: provider.id },
  });
  return outcome;
}

async function checkAnswer(login: PendingLogin, provider: SecondFactorProvider, rawInput: string, meta: ClientMeta): Promise<SolveResult> {
  const attemptsLeft = await reserveAttempt(login.challenge.id);
  if (attemptsLeft === null) return { ok: false, reason: "locked", message: "Too many wrong codes. Sign in again with your password." };

  const input = rawInput.length > MAX_INPUT ? "" : rawInput.trim();
  let verdict;
  try {
    verdict = input ? await provider.verify(providerContext(login, meta), input) : { ok: false as const };
  } catch (error) {
    console.error(`second-factor provider "${provider.id}" failed to verify:`, (error as Error).message);
    return { ok: false, reason: "unavailable", message: `${provider.displayName} is not working right now. Try another way or contact your administrator.` };
  }
  if (verdict.ok && (await markVerified(login.challenge.id))) {
    await markProviderUsed(login.user.id, provider.id);
    return { ok: true, promptsSetup: provider.promptsSetup === true };
  }
  if (attemptsLeft === 0) return { ok: false, reason: "locked", message: "Too many wrong codes. Sign in again with your password." };
  const why = (!verdict.ok && verdict.message) || "That code is not right.";
  return { ok: false, reason: "wrong", attemptsLeft, message: `${why} ${attemptsLeft} ${attemptsLeft === 1 ? "attempt" : "attempts"} left.` };
}
