import "server-only";
import { installedProviders } from "@/lib/providers";
import { enabledProviderIds } from "@/lib/two-factor/provider-state";
import type { SecondFactorProvider, SettingsPanel } from "@/lib/two-factor/types";

/** The two-factor settings of one user: each installed provider, whether it is on, and its panel. */
export async function twoFactorOverview(userId: string): Promise<{
  hasFactor: boolean;
  providers: { provider: SecondFactorProvider; enabled: boolean; Panel: SettingsPanel | null }[];
}> {
  const enabled = new Set(await enabledProviderIds(userId));
  const providers = await Promise.all(
    installedProviders.map(async (provider) => ({
      provider,
      enabled: enabled.has(provider.id),
      Panel: provider.settings ? await provider.settings() : null,
    })),
  );
  return { hasFactor: providers.some((p) => p.enabled && p.provider.kind === "factor"), providers };
}
