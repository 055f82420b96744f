import "server-only";
import { installedProviders } from "@/lib/providers";
import { enabledProviderIds } from "@/lib/two-factor/provider-state";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/**
 * What a user's second factors look like to the core: the factor and recovery
 * providers they have on, and any enabled provider that is not installed (or
 * turned off instance-wide) — which blocks their sign-in (fail closed).
 */
export type ProviderSet = {
  factors: SecondFactorProvider[];
  recovery: SecondFactorProvider[];
  missing: string[];
};

export async function providerSet(userId: string, providers: readonly SecondFactorProvider[] = installedProviders): Promise<ProviderSet> {
  const ids = await enabledProviderIds(userId);
  const set: ProviderSet = { factors: [], recovery: [], missing: [] };
  for (const id of ids) {
    const provider = providers.find((p) => p.id === id);
    if (!provider) set.missing.push(id);
    else (provider.kind === "factor" ? set.factors : set.recovery).push(provider);
  }
  return set;
}

/** The `factor` providers a user has enabled (recovery providers never count). */
export async function enabledFactors(userId: string, providers: readonly SecondFactorProvider[] = installedProviders) {
  return (await providerSet(userId, providers)).factors;
}

/**
 * Whether signing in needs a second factor after the password: any enabled
 * factor, or any enabled provider that is missing (it might have been one).
 */
export async function secondFactorRequired(userId: string): Promise<boolean> {
  const set = await providerSet(userId);
  return set.factors.length > 0 || set.missing.length > 0;
}

export function findProvider(id: string, providers: readonly SecondFactorProvider[] = installedProviders): SecondFactorProvider | undefined {
  return providers.find((p) => p.id === id);
}
