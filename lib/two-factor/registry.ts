import "server-only";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/**
 * The installed providers (Nextcloud's ProviderLoader). The core never imports
 * a provider: the composition root (lib/plugins.ts, which every entry point —
 * the app's doors and the CLI — imports) hands it the list once at start.
 */

// On globalThis, like lib/db.ts's client: a re-evaluated copy of this module
// (a dev reload, a test's vi.resetModules) still sees what was installed.
const slot = globalThis as unknown as { gatehouseProviders?: readonly SecondFactorProvider[] };

export function installProviders(providers: readonly SecondFactorProvider[]): void {
  const ids = new Set<string>();
  for (const p of providers) {
    if (ids.has(p.id)) throw new Error(`Two second-factor providers share the id "${p.id}".`);
    ids.add(p.id);
  }
  slot.gatehouseProviders = providers;
}

/** The installed providers, in the order users see them. */
export function installedProviders(): readonly SecondFactorProvider[] {
  if (!slot.gatehouseProviders) throw new Error("No second-factor providers are installed: import @/lib/plugins in the entry point first.");
  return slot.gatehouseProviders;
}

export function findProvider(id: string): SecondFactorProvider | undefined {
  return installedProviders().find((p) => p.id === id);
}
