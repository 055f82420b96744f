import "server-only";
import { log } from "@/lib/log";
import { countSecondFactor } from "@/lib/metrics";
import { isThrottled, secondFactorAttempt } from "@/lib/auth/attempts";
import { findChallenge, markVerified, reserveAttempt, type Challenge } from "@/lib/auth/challenge";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/security/events";
import { addMethod, isPhishingResistantMethod, methodOf, type Assurance } from "@/lib/two-factor/assurance";
import { requiredAssuranceFor } from "@/lib/two-factor/assurance-policy";
import { isEnforcedFor } from "@/lib/two-factor/enforcement";
import { lastUsedProviderId, markProviderUsed } from "@/lib/two-factor/provider-state";
import { hasSecondFactor, inPreferredOrder, providerSet, type ProviderSet } from "@/lib/two-factor/provider-set";
import { markedProviderId } from "@/lib/two-factor/preference";
import type { ChallengeView, DeliveryState, ProviderContext, SecondFactorProvider } from "@/lib/two-factor/types";

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
  /** The provider to open first: the one the user marked preferred, else the last one used, else the first factor. */
  preferred: SecondFactorProvider | undefined;
  /** What this user's sign-in must reach (a group rule): only such factors are offered and accepted. */
  assurance: Assurance | null;
};

export async function pendingLogin(secret: string | undefined): Promise<PendingLogin | null> {
  const challenge = await findChallenge(secret);
  if (!challenge) return null;
  const user = await db.user.findUnique({ where: { id: challenge.userId }, select: { id: true, login: true, displayName: true, disabled: true } });
  if (!user || user.disabled) return null;
  const [set, marked, last, assurance] = await Promise.all([
    providerSet(user.id),
    markedProviderId(user.id),
    lastUsedProviderId(user.id),
    requiredAssuranceFor(user.id),
  ]);
  const providers = { ...set, factors: inPreferredOrder(set.factors, [marked, last]) };
  const usable = assurance ? providers.factors.filter(meetsRule) : providers.factors;
  return { challenge, user: { id: user.id, login: user.login, displayName: user.displayName }, providers, preferred: usable[0], assurance };
}

const meetsRule = (p: SecondFactorProvider) => isPhishingResistantMethod(methodOf(p));

/**
 * The providers this pending login may use: none while an enabled provider is
 * missing (fail closed), and none when every method the user has was switched
 * off by the admin and no recovery method is left.
 */
export function offeredProviders(login: PendingLogin): SecondFactorProvider[] {
  if (login.providers.missing.length > 0) return [];
  // Under a phishing_resistant rule codes and recovery codes are no way in (an admin can still turn factors off).
  if (login.assurance) return login.providers.factors.filter(meetsRule);
  return [...login.providers.factors, ...login.providers.recovery];
}

/**
 * Under enforcement, a user without a factor must set one up (`/login/setup`)
 * before the sign-in completes. Recovery providers (backup codes, an admin's
 * code) do not change that: a right answer from one solves nothing here.
 */
export async function mustSetUpAtLogin(login: PendingLogin): Promise<boolean> {
  if (login.assurance && !login.providers.factors.some(meetsRule) && login.providers.missing.length === 0) return true;
  return !hasSecondFactor(login.providers) && (await isEnforcedFor(login.user.id));
}

export function providerContext(login: PendingLogin, meta: ClientMeta): ProviderContext {
  return { userId: login.user.id, login: login.user.login, meta, challengeId: login.challenge.id };
}

/** What the challenge page shows for one provider. */
export type ChallengeScreen = { view: ChallengeView | null; delivery: DeliveryState | null; problem: string | null };

const notWorking = (provider: SecondFactorProvider) => `${provider.displayName} is not working right now. Try another way.`;
const userMessageOf = (error: unknown) => (error as { userMessage?: unknown }).userMessage;

/** Opening a provider's challenge: its form and, for one that sends codes, where that stands. Sends nothing. */
export async function challengeScreen(login: PendingLogin, provider: SecondFactorProvider, meta: ClientMeta): Promise<ChallengeScreen> {
  const ctx = providerContext(login, meta);
  try {
    const delivery = (await provider.deliveryState?.(ctx)) ?? null;
    return { view: await provider.challengeView(ctx), delivery, problem: null };
  } catch (error) {
    log.error("second-factor provider failed to start", { provider: provider.id, err: error });
    const message = userMessageOf(error);
    return { view: null, delivery: null, problem: typeof message === "string" ? message : notWorking(provider) };
  }
}

/** "Send code" (a POST, never a page load): the provider sends this challenge's first code. */
export async function sendChallengeCode(login: PendingLogin, providerId: string, meta: ClientMeta): Promise<{ ok: true } | { ok: false; message: string }> {
  const provider = offeredProviders(login).find((p) => p.id === providerId);
  if (!provider?.beginChallenge) return { ok: false, message: "That sign-in method is not available for this account." };
  try {
    await provider.beginChallenge(providerContext(login, meta));
    return { ok: true };
  } catch (error) {
    const message = userMessageOf(error);
    if (typeof message === "string") return { ok: false, message };
    log.error("second-factor provider failed to send", { provider: provider.id, err: error });
    return { ok: false, message: notWorking(provider) };
  }
}

export type SolveResult =
  | { ok: true; promptsSetup: boolean }
  | { ok: false; reason: "wrong"; attemptsLeft: number; message: string }
  | { ok: false; reason: "locked" | "unavailable" | "throttled" | "setup_required"; message: string };

const MAX_INPUT = 256;

export async function solveChallenge(login: PendingLogin, providerId: string, rawInput: string, meta: ClientMeta): Promise<SolveResult> {
  // The challenge pages send such a user to set-up; this holds for a posted answer too.
  if (await mustSetUpAtLogin(login)) return { ok: false, reason: "setup_required", message: "Set up a second factor to finish signing in." };
  const provider = offeredProviders(login).find((p) => p.id === providerId);
  if (!provider) return { ok: false, reason: "unavailable", message: "That sign-in method is not available for this account." };
  // Throttled per address and per account on top of the challenge's own cap
  // (a guesser can start new challenges with the password, never more guesses per one).
  const outcome = await secondFactorAttempt(login.user.id, meta, () => checkAnswer(login, provider, rawInput, meta));
  countSecondFactor(provider.id, outcome.ok ? "ok" : isThrottled(outcome) ? "throttled" : outcome.reason);
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

  const input = rawInput.length > (provider.maxAnswerLength ?? MAX_INPUT) ? "" : rawInput.trim();
  let verdict;
  try {
    verdict = input ? await provider.verify(providerContext(login, meta), input) : { ok: false as const };
  } catch (error) {
    log.error("second-factor provider failed to verify", { provider: provider.id, err: error });
    return { ok: false, reason: "unavailable", message: `${provider.displayName} is not working right now. Try another way or contact your administrator.` };
  }
  if (verdict.ok && (await markVerified(login.challenge.id, addMethod(login.challenge.methods, methodOf(provider))))) {
    await markProviderUsed(login.user.id, provider.id);
    return { ok: true, promptsSetup: provider.promptsSetup === true };
  }
  if (attemptsLeft === 0) return { ok: false, reason: "locked", message: "Too many wrong codes. Sign in again with your password." };
  const why = (!verdict.ok && verdict.message) || "That code is not right.";
  return { ok: false, reason: "wrong", attemptsLeft, message: `${why} ${attemptsLeft} ${attemptsLeft === 1 ? "attempt" : "attempts"} left.` };
}
