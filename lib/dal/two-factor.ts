import "server-only";
import { appPasswordsBeforeFactor } from "@/lib/auth/app-passwords-before-factor";
import { enabledProviderIds } from "@/lib/two-factor/provider-state";
import { activeProviders } from "@/lib/two-factor/provider-set";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/**
 * The two-factor settings of one user: each provider the admin has not
 * switched off, whether it is on, and whether it can be set up now (a message
 * gateway the admin has not configured cannot). Which of them show a panel is
 * the settings page's UI registry's business.
 */
export async function twoFactorOverview(userId: string): Promise<{
  hasFactor: boolean;
  providers: { provider: SecondFactorProvider; enabled: boolean; available: boolean }[];
}> {
  const [ids, active] = await Promise.all([enabledProviderIds(userId), activeProviders()]);
  const enabled = new Set(ids);
  const available = await Promise.all(active.map((p) => (p.isAvailable ? p.isAvailable() : true)));
  // One that cannot be set up now is listed only for users who already have it on.
  const providers = active
    .map((provider, i) => ({ provider, enabled: enabled.has(provider.id), available: available[i]! }))
    .filter((p) => p.enabled || p.available);
  return { hasFactor: providers.some((p) => p.enabled && p.provider.kind === "factor"), providers };
}

/**
 * The offer shown right after a factor is turned on: how many of the user's app
 * passwords were made before it (0: no offer). Only while a factor is on.
 */
export async function appPasswordsToReview(userId: string, hasFactor: boolean): Promise<number> {
  return hasFactor ? appPasswordsBeforeFactor(userId) : 0;
}

/** A provider the user may set up from settings now: installed, not switched off, with `setup`, available. */
export async function settableProvider(providerId: string): Promise<SecondFactorProvider | null> {
  const provider = (await activeProviders()).find((p) => p.id === providerId);
  if (!provider?.setup) return null;
  return !provider.isAvailable || (await provider.isAvailable()) ? provider : null;
}
