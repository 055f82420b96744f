import "server-only";
import { db } from "@/lib/db";
import { installedProviders } from "@/lib/providers";
import { recordEvent } from "@/lib/security/events";
import { enabledProviderIds, setProviderEnabled } from "@/lib/two-factor/provider-state";
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
  const rows: ProviderStateRow[] = installedProviders.map((p) => ({ id: p.id, name: p.displayName, kind: p.kind, enabled: enabled.has(p.id) }));
  for (const id of enabled) if (!installedProviders.some((p) => p.id === id)) rows.push({ id, name: id, kind: "missing", enabled: true });
  return rows;
}

export type AdminChange = { id: string; name: string; changed: boolean; refused?: string };

function targets(providerId: string | undefined): SecondFactorProvider[] | null {
  if (!providerId) return [...installedProviders];
  const p = installedProviders.find((x) => x.id === providerId);
  return p ? [p] : null;
}

/** The state switch for a provider with no `disableFor` of its own (or no longer installed), logged. */
async function switchOff(userId: string, providerId: string, actor: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await setProviderEnabled(tx, userId, providerId, false);
    await recordEvent(tx, { userId, actor, type: "admin.factor_disabled", details: { provider: providerId } });
  });
}

/** Turns one provider (or all) off for a user; deletes their secrets where the provider does. */
export async function disableForUser(userId: string, providerId?: string, actor = "admin"): Promise<AdminChange[] | null> {
  const enabled = new Set(await enabledProviderIds(userId));
  const installed = targets(providerId);
  if (!installed) {
    // Not installed: only its state can be turned off.
    if (!providerId || !enabled.has(providerId)) return null;
    await switchOff(userId, providerId, actor);
    return [{ id: providerId, name: providerId, changed: true }];
  }
  const changes: AdminChange[] = [];
  for (const p of installed) {
    const wasOn = enabled.has(p.id);
    if (p.disableFor) await p.disableFor(userId, actor);
    else if (wasOn) await switchOff(userId, p.id, actor);
    changes.push({ id: p.id, name: p.displayName, changed: wasOn });
  }
  if (!providerId) {
    for (const id of enabled) {
      if (installed.some((p) => p.id === id)) continue;
      await switchOff(userId, id, actor);
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
      changes.push({ id: p.id, name: p.displayName, changed: false, refused: `${p.displayName} needs the user to set it up; an administrator cannot turn it on.` });
      continue;
    }
    await p.enableFor(userId);
    changes.push({ id: p.id, name: p.displayName, changed: !enabled.has(p.id) });
  }
  return changes;
}

/** Removes a provider's data and state for every user (e.g. after uninstalling it). */
export async function cleanupProvider(providerId: string): Promise<{ states: number; data: number }> {
  const provider = installedProviders.find((p) => p.id === providerId);
  const data = provider?.cleanup ? await provider.cleanup() : 0;
  const { count } = await db.twoFactorProviderState.deleteMany({ where: { providerId } });
  return { states: count, data };
}
