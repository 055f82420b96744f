import "server-only";
import { turnFactorOff, type FactorChange } from "@/lib/two-factor/factor-switch";
import type { Tx } from "@/lib/two-factor/provider-state";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/** Turns an installed provider off for a user (settings, admin page, CLI), deleting its data where it keeps any. */
export function turnProviderOff(userId: string, p: SecondFactorProvider, who: Pick<FactorChange, "actor" | "meta"> = {}): Promise<boolean> {
  const forget = p.forget ? (tx: Tx) => p.forget!(tx, userId) : undefined;
  return turnFactorOff({ userId, providerId: p.id, name: p.factorName ?? p.displayName, ...who }, forget);
}
