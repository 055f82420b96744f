import "server-only";
import { appPasswordsBeforeFactor } from "@/lib/auth/app-passwords-before-factor";
import { enabledProviderIds } from "@/lib/two-factor/provider-state";
import { activeProviders } from "@/lib/two-factor/state";
import type { SecondFactorProvider, SettingsPanel } from "@/lib/two-factor/types";

/** The two-factor settings of one user: each available provider, whether it is on, and its panel. */
export async function twoFactorOverview(userId: string): Promise<{
  hasFactor: boolean;
  providers: { provider: SecondFactorProvider; enabled: boolean; Panel: SettingsPanel | null }[];
}> {
  const [ids, active] = await Promise.all([enabledProviderIds(userId), activeProviders()]);
  const enabled = new Set(ids);
  // Providers the admin switched off instance-wide are not offered; the admin
  // code has no settings of its own and shows only while a code is live.
  // A provider that cannot be set up right now (a message gateway the admin has
  // not configured) is listed only for users who already have it on.
  const available = await Promise.all(active.map((p) => (p.isAvailable ? p.isAvailable() : true)));
  const shown = active.filter((p, i) => enabled.has(p.id) || (p.settings && available[i]));
  const providers = await Promise.all(
    shown.map(async (provider) => ({
      provider,
      enabled: enabled.has(provider.id),
      Panel: provider.settings ? await provider.settings() : null,
    })),
  );
  return { hasFactor: providers.some((p) => p.enabled && p.provider.kind === "factor"), providers };
}

/**
 * The offer shown right after a factor is turned on: how many of the user's app
 * passwords were made before it (0: no offer). Only while a factor is on.
 */
export async function appPasswordsToReview(userId: string, hasFactor: boolean): Promise<number> {
  return hasFactor ? appPasswordsBeforeFactor(userId) : 0;
}
