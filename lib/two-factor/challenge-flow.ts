import "server-only";
import { log } from "@/lib/log";
import { countSecondFactor } from "@/lib/metrics";
import { isThrottled, secondFactorAttempt } from "@/lib/auth/attempts";
import { findChallenge, markProved, markVerified, reserveAttempt, type Challenge } from "@/lib/auth/challenge";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/security/events";
import { addMethod, isPhishingResistantMethod, methodOf, parseMethods, type Assurance } from "@/lib/two-factor/assurance";
import { requiredAssuranceFor } from "@/lib/two-factor/assurance-policy";
import { isEnforcedFor } from "@/lib/two-factor/enforcement";
import { lastUsedProviderId, markProviderUsed } from "@/lib/two-factor/provider-state";
import { hasRestrictedFactor, hasSecondFactor, inPreferredOrder, providerSet, type ProviderSet } from "@/lib/two-factor/provider-set";
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
  const keys = assurance ? providers.factors.filter(meetsRule) : [];
  // Under a rule, a key if the user has one; otherwise the factor they prove it is them with before adding one.
  const preferred = keys[0] ?? providers.factors[0] ?? providers.recovery.find((p) => p.kind === "factor");
  return { challenge, user: { id: user.id, login: user.login, displayName: user.displayName }, providers, preferred, assurance };
}

const meetsRule = (p: SecondFactorProvider) => isPhishingResistantMethod(methodOf(p));

/**
 * Whether this sign-in must end with setting a factor up: the user's group
 * requires a security key or passkey they do not have, or the user has no
 * second factor and enforcement applies to them — or their only codes are of a
 * kind the admin restricted to recovery (e-mail, SMS), which no longer make
 * two-factor authentication on their own.
 */
async function setupRequired(login: PendingLogin): Promise<boolean> {
  const { providers } = login;
  if (login.assurance && !providers.factors.some(meetsRule) && providers.missing.length === 0) return true;
  return !hasSecondFactor(providers) && (hasRestrictedFactor(providers) || (await isEnforcedFor(login.user.id)));
}

/**
 * Whether the account has a factor of any kind — in use, restricted to
 * recovery, switched off by the admin or missing. Such a user proves it is them
 * with what they can still use (a factor, restricted codes, recovery codes:
 * `offeredProviders`) before a factor is added at sign-in, and is blocked when
 * nothing is left: a password alone never adds a factor to an account that has
 * one — else a phished password would enrol the phisher's own key (and, under a
 * phishing_resistant rule, make a session that passes as a key sign-in). A user
 * with no factor at all has nothing to prove with: their first set-up follows
 * the password (the first-enrolment limit, docs/security.md).
 */
function hasAnyFactor(login: PendingLogin): boolean {
  const { factors, switchedOff, missing } = login.providers;
  return factors.length > 0 || hasRestrictedFactor(login.providers) || switchedOff.some((p) => p.kind === "factor") || missing.length > 0;
}

/** This pending login already proved it with an answer beyond the password (set-up follows). */
const proved = (login: PendingLogin) => parseMethods(login.challenge.methods).some((m) => m !== "pwd");

/**
 * Where a set-up stands for this sign-in: "now" (`/login/setup` is the next
 * step), "after_proof" (one must follow, but the user first answers a
 * challenge with what they have), or null (none is needed).
 */
export async function setupStage(login: PendingLogin): Promise<"now" | "after_proof" | null> {
  if (!(await setupRequired(login))) return null;
  return proved(login) || !hasAnyFactor(login) ? "now" : "after_proof";
}

/** A set-up must follow, and the user must first answer a challenge with what they have. */
export async function proofBeforeSetup(login: PendingLogin): Promise<boolean> {
  return (await setupStage(login)) === "after_proof";
}

/**
 * The providers this pending login may use: none while an enabled provider is
 * missing (fail closed), and none when every method the user has was switched
 * off by the admin and no recovery method is left.
 */
export function offeredProviders(login: PendingLogin): SecondFactorProvider[] {
  if (login.providers.missing.length > 0) return [];
  // Under a phishing_resistant rule codes and recovery codes are no way in (an admin can still turn factors off)…
  const keys = login.assurance ? login.providers.factors.filter(meetsRule) : [];
  if (keys.length > 0) return keys;
  // …except, for a user with no key yet, as the proof that comes before adding one (solveChallenge then leads to set-up).
  return [...login.providers.factors, ...login.providers.recovery];
}

/**
 * Whether set-up (`/login/setup`) is this sign-in's next step: a set-up must
 * follow and nothing is left to prove first. Recovery providers (backup codes,
 * an admin's code) of a user without a factor do not change that: a right
 * answer from one solves nothing here.
 */
export async function mustSetUpAtLogin(login: PendingLogin): Promise<boolean> {
  return (await setupStage(login)) === "now";
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
  /** `setupNext`: the answer proved the user; a set-up still comes before the session (`/login/setup`). */
  | { ok: true; promptsSetup: boolean; setupNext: boolean }
  | { ok: false; reason: "wrong"; attemptsLeft: number; message: string }
  | { ok: false; reason: "locked" | "unavailable" | "throttled" | "setup_required"; message: string };

const MAX_INPUT = 256;

export async function solveChallenge(login: PendingLogin, providerId: string, rawInput: string, meta: ClientMeta): Promise<SolveResult> {
  // The challenge pages send such a user to set-up; this holds for a posted answer too.
  const stage = await setupStage(login);
  if (stage === "now") return { ok: false, reason: "setup_required", message: "Set up a second factor to finish signing in." };
  const setupNext = stage === "after_proof";
  const provider = offeredProviders(login).find((p) => p.id === providerId);
  if (!provider) return { ok: false, reason: "unavailable", message: "That sign-in method is not available for this account." };
  // Throttled per address and per account on top of the challenge's own cap
  // (a guesser can start new challenges with the password, never more guesses per one).
  const outcome = await secondFactorAttempt(login.user.id, meta, () => checkAnswer(login, provider, rawInput, meta, setupNext));
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

async function checkAnswer(login: PendingLogin, provider: SecondFactorProvider, rawInput: string, meta: ClientMeta, setupNext: boolean): Promise<SolveResult> {
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
  const methods = addMethod(login.challenge.methods, methodOf(provider));
  // Proof before a set-up adds the method and leaves the challenge unsolved: only the set-up solves it.
  const accepted =
    verdict.ok && (setupNext ? await markProved(login.challenge.id, login.challenge.methods, methods) : await markVerified(login.challenge.id, methods));
  if (accepted) {
    await markProviderUsed(login.user.id, provider.id);
    return { ok: true, promptsSetup: provider.promptsSetup === true && !setupNext, setupNext };
  }
  if (attemptsLeft === 0) return { ok: false, reason: "locked", message: "Too many wrong codes. Sign in again with your password." };
  const why = (!verdict.ok && verdict.message) || "That code is not right.";
  return { ok: false, reason: "wrong", attemptsLeft, message: `${why} ${attemptsLeft} ${attemptsLeft === 1 ? "attempt" : "attempts"} left.` };
}
