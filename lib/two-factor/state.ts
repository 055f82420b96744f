import "server-only";
import { installedProviders } from "@/lib/providers";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/** The `factor` providers a user has enabled (recovery providers never count). */
export async function enabledFactors(userId: string, providers: readonly SecondFactorProvider[] = installedProviders) {
  const factors = providers.filter((p) => p.kind === "factor");
  const enabled = await Promise.all(factors.map((p) => p.isEnabledFor(userId)));
  return factors.filter((_, i) => enabled[i]);
}

/** Whether signing in needs a second factor after the password. */
export async function secondFactorRequired(userId: string): Promise<boolean> {
  return (await enabledFactors(userId)).length > 0;
}
