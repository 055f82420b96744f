import "server-only";
import { getConfig, readJsonSetting, writeJsonSetting } from "@/lib/config";
import { byAssurance, methodOf } from "@/lib/two-factor/assurance";
import { requiredAssuranceFor } from "@/lib/two-factor/assurance-policy";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/security/events";
import { isEnforcedFor } from "@/lib/two-factor/enforcement";
import { enabledProviderIds } from "@/lib/two-factor/provider-state";
import { installedProviders } from "@/lib/two-factor/registry";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/**
 * What a user's second factors look like to the core: the factor and recovery
 * providers they have on and may use, the ones the admin switched off for the
 * whole instance, and any enabled provider that is not installed — which blocks
 * their sign-in (fail closed).
 */
export type ProviderSet = {
  factors: SecondFactorProvider[];
  recovery: SecondFactorProvider[];
  switchedOff: SecondFactorProvider[];
  missing: string[];
};

const SWITCHED_OFF_KEY = "providers_disabled";

/** Providers the admin turned off instance-wide: users keep their data; neither offered nor accepted. */
export async function switchedOffProviderIds(): Promise<string[]> {
  return readJsonSetting<string[]>(SWITCHED_OFF_KEY, []);
}

export async function setProviderSwitchedOff(providerId: string, off: boolean, actor = "admin"): Promise<boolean> {
  if (!installedProviders().some((p) => p.id === providerId)) return false;
  const current = new Set(await switchedOffProviderIds());
  if (off) current.add(providerId);
  else current.delete(providerId);
  await db.$transaction(async (tx) => {
    await writeJsonSetting(SWITCHED_OFF_KEY, [...current].sort(), tx);
    await recordEvent(tx, { userId: null, actor, type: "admin.config_changed", details: { provider: providerId, on: !off } });
  });
  return true;
}

/** The admin's restriction of a method whose codes travel by e-mail or SMS (config keys email_factor, sms_factor). */
export type MethodUse = "allowed" | "recovery_only" | "off";

export async function methodUses(): Promise<{ email: MethodUse; sms: MethodUse }> {
  const [email, sms] = await Promise.all([getConfig("email_factor"), getConfig("sms_factor")]);
  return { email: email as MethodUse, sms: sms as MethodUse };
}

function useOf(provider: SecondFactorProvider, uses: { email: MethodUse; sms: MethodUse }): MethodUse {
  const method = methodOf(provider);
  return method === "email" || method === "sms" ? uses[method] : "allowed";
}

/** Installed and not switched off (by id, or its method set "off"): what users may set up and use. */
export async function activeProviders(): Promise<SecondFactorProvider[]> {
  const [off, uses] = await Promise.all([switchedOffProviderIds().then((ids) => new Set(ids)), methodUses()]);
  return installedProviders().filter((p) => !off.has(p.id) && useOf(p, uses) !== "off");
}

/** Providers that count as a second factor now: factors whose method is not restricted to recovery. */
export async function countsAsFactor(provider: SecondFactorProvider): Promise<boolean> {
  return provider.kind === "factor" && useOf(provider, await methodUses()) === "allowed";
}

export async function providerSet(userId: string, providers: readonly SecondFactorProvider[] = installedProviders()): Promise<ProviderSet> {
  const [enabled, off, uses] = await Promise.all([enabledProviderIds(userId), switchedOffProviderIds(), methodUses()]);
  // In the registry's order (the database returns them in any order): installed ones first, then missing ones.
  const position = (id: string) => {
    const i = providers.findIndex((p) => p.id === id);
    return i < 0 ? providers.length : i;
  };
  const ids = enabled.toSorted((a, b) => position(a) - position(b) || a.localeCompare(b));
  const set: ProviderSet = { factors: [], recovery: [], switchedOff: [], missing: [] };
  for (const id of ids) {
    const provider = providers.find((p) => p.id === id);
    const use = provider ? useOf(provider, uses) : "allowed";
    if (!provider) set.missing.push(id);
    else if (off.includes(id) || use === "off") set.switchedOff.push(provider);
    // Restricted to recovery: offered as another way in, never a second factor on its own.
    else if (provider.kind === "factor" && use === "allowed") set.factors.push(provider);
    else set.recovery.push(provider);
  }
  // A user's security key is offered before their codes.
  set.factors.sort(byAssurance);
  return set;
}

/**
 * The order the challenge offers factors in: the ids in `first` (say, the one the
 * user marked preferred, then the one used last) ahead of the rest, each once;
 * otherwise the order stays as it was. Names no provider: callers pass ids.
 */
export function inPreferredOrder<P extends { id: string }>(factors: readonly P[], first: readonly (string | null)[]): P[] {
  const rank = (p: P) => {
    const i = first.indexOf(p.id);
    return i < 0 ? first.length : i;
  };
  return factors
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

/** Codes the admin restricted to recovery (e-mail, SMS) among the user's: no second factor on their own, still something to prove with. */
export function hasRestrictedFactor(set: ProviderSet): boolean {
  return set.recovery.some((p) => p.kind === "factor");
}

/** Whether the user has two-factor authentication: any enabled factor, in use, switched off or missing. */
export function hasSecondFactor(set: ProviderSet): boolean {
  return set.factors.length > 0 || set.missing.length > 0 || set.switchedOff.some((p) => p.kind === "factor");
}

export async function secondFactorRequired(userId: string): Promise<boolean> {
  return hasSecondFactor(await providerSet(userId));
}

/**
 * What must follow a correct password: nothing, the second-factor challenge, or
 * — for a user under enforcement who has no factor yet — setting one up.
 */
export type LoginRequirement = "none" | "challenge" | "setup";

export async function loginRequirement(userId: string): Promise<LoginRequirement> {
  const [set, assurance] = await Promise.all([providerSet(userId), requiredAssuranceFor(userId)]);
  // Anything to prove with comes first — a factor, or codes restricted to recovery — even when a set-up must
  // follow (a phishing_resistant rule without a key, restricted codes alone): lib/two-factor/challenge-flow.ts.
  if (hasSecondFactor(set) || hasRestrictedFactor(set)) return "challenge";
  // A rule or enforcement with nothing to prove with: the first factor is set up right after the password.
  return assurance || (await isEnforcedFor(userId)) ? "setup" : "none";
}
