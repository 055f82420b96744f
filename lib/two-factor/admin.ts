import "server-only";
import { db } from "@/lib/db";
import { turnFactorOff } from "@/lib/two-factor/factor-switch";
import { enabledProviderIds } from "@/lib/two-factor/provider-state";
import { findProvider, installedProviders } from "@/lib/two-factor/registry";
import { turnProviderOff } from "@/lib/two-factor/turn-off";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/**
 * Admin operations on a user's second factors (CLI and admin page alike):
 * Nextcloud's IActivatableByAdmin / IDeactivatableByAdmin as optional provider
 * capabilities. Disabling also works for a provider that is no longer installed,
 * which is how an admin unblocks a user whose login fails closed.
 */

export type ProviderStateRow = { id: string; name: string; kind: "factor" | "recovery" | "missing"; enabled: boolean };

export async function providerStates(userId: string): Promise<ProviderStateRow[]> {
  const enabled = new Set(await enabledProviderIds(userId));
  const installed = installedProviders();
  const rows: ProviderStateRow[] = installed.map((p) => ({ id: p.id, name: p.displayName, kind: p.kind, enabled: enabled.has(p.id) }));
  for (const id of enabled) if (!installed.some((p) => p.id === id)) rows.push({ id, name: id, kind: "missing", enabled: true });
  return rows;
}

export type AdminChange = { id: string; name: string; changed: boolean; refused?: string };

function targets(providerId: string | undefined): SecondFactorProvider[] | null {
  if (!providerId) return [...installedProviders()];
  const p = findProvider(providerId);
  return p ? [p] : null;
}

/** The state of a provider that is no longer installed: only it can be turned off. */
function switchOffMissing(userId: string, providerId: string, actor: string): Promise<boolean> {
  return turnFactorOff({ userId, providerId, name: providerId, actor });
}

/** Turns one provider (or all) off for a user; deletes their secrets where the provider does. */
export async function disableForUser(userId: string, providerId?: string, actor = "admin"): Promise<AdminChange[] | null> {
  const enabled = new Set(await enabledProviderIds(userId));
  const installed = targets(providerId);
  if (!installed) {
    if (!providerId || !enabled.has(providerId)) return null;
    await switchOffMissing(userId, providerId, actor);
    return [{ id: providerId, name: providerId, changed: true }];
  }
  const changes: AdminChange[] = [];
  for (const p of installed) {
    await turnProviderOff(userId, p, { actor });
    changes.push({ id: p.id, name: p.displayName, changed: enabled.has(p.id) });
  }
  if (!providerId) {
    for (const id of enabled) {
      if (installed.some((p) => p.id === id)) continue;
      await switchOffMissing(userId, id, actor);
      changes.push({ id, name: id, changed: true });
    }
  }
  return changes;
}

/** Turns providers on that need no input from the user; the rest are refused with the reason. */
export async function enableForUser(userId: string, providerId?: string): Promise<AdminChange[] | null> {
  const installed = targets(providerId);
  if (!installed) return null;
  const enabled = new Set(await enabledProviderIds(userId));
  const changes: AdminChange[] = [];
  for (const p of installed) {
    if (!p.enableFor) {
      changes.push({
        id: p.id,
        name: p.displayName,
        changed: false,
        refused: `${p.displayName} needs the user to set it up; an administrator cannot turn it on.`,
      });
      continue;
    }
    await p.enableFor(userId);
    changes.push({ id: p.id, name: p.displayName, changed: !enabled.has(p.id) });
  }
  return changes;
}

/**
 * Removes a provider's data and state for every user (e.g. after uninstalling
 * it), in one transaction. `users`: how many users had a state row for it.
 */
export async function cleanupProvider(providerId: string): Promise<{ users: number; data: number }> {
  const provider = findProvider(providerId);
  return db.$transaction(async (tx) => {
    const data = provider?.forgetAll ? await provider.forgetAll(tx) : 0;
    const { count } = await tx.twoFactorProviderState.deleteMany({ where: { providerId } });
    return { users: count, data };
  });
}
