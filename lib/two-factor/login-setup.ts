import "server-only";
import { markVerified } from "@/lib/auth/challenge";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { addMethod, meetsAssurance, methodOf } from "@/lib/two-factor/assurance";
import { mustSetUpAtLogin, providerContext, type PendingLogin } from "@/lib/two-factor/challenge-flow";
import { activeProviders, countsAsFactor } from "@/lib/two-factor/provider-set";
import type { SecondFactorProvider, VerifyResult } from "@/lib/two-factor/types";

/**
 * Set-up at login: a user under enforcement with no factor yet sets one up
 * before the sign-in completes. Setting a factor up with a right answer proves
 * possession, so it solves the pending challenge.
 */

export { mustSetUpAtLogin, proofBeforeSetup, setupStage } from "@/lib/two-factor/challenge-flow";

/** What a user can set up at sign-in; under a phishing_resistant rule (`login.assurance`) only such factors. */
export async function providersForLoginSetup(login?: Pick<PendingLogin, "assurance">): Promise<SecondFactorProvider[]> {
  const active = await activeProviders();
  const counts = await Promise.all(active.map(countsAsFactor));
  const candidates = active.filter((p, i) => counts[i] && p.setup?.atLogin && (!login?.assurance || meetsAssurance([methodOf(p)], login.assurance)));
  const available = await Promise.all(candidates.map((p) => (p.isAvailable ? p.isAvailable() : true)));
  return candidates.filter((_, i) => available[i]);
}

export async function finishLoginSetup(
  login: PendingLogin,
  provider: SecondFactorProvider,
  input: string,
  meta: ClientMeta,
  fields: Readonly<Record<string, string>> = {},
): Promise<VerifyResult> {
  if (!provider.setup) return { ok: false, message: "This method cannot be set up here." };
  // Not before the user proved it with a factor they have (the pages lead there; this holds for a posted answer too).
  if (!(await mustSetUpAtLogin(login))) return { ok: false, message: "Confirm it is you with your second factor first." };
  const result = await provider.setup.finish(providerContext(login, meta), input, fields);
  if (!result.ok) return result;
  const methods = addMethod(login.challenge.methods, methodOf(provider));
  return (await markVerified(login.challenge.id, methods)) ? { ok: true } : { ok: false, message: "Your sign-in has expired. Sign in again." };
}
