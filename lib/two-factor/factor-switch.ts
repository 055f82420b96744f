import "server-only";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db";
import { notify, type NotificationKind } from "@/lib/mail/notify";
import { recordEvent, type SecurityEventType } from "@/lib/security/events";
import { setProviderEnabled, type Tx } from "@/lib/two-factor/provider-state";
import { voidTrustedBrowsers } from "@/lib/two-factor/trusted-browsers";

/**
 * Turning a factor on or off, written once for every provider: the provider's
 * own data change, the per-user state row and the security event in one
 * transaction, then the owner's e-mail after it commits.
 */

export type FactorChange = {
  userId: string;
  providerId: string;
  /** How the owner's e-mail names the factor ("Authenticator app", "Signal codes"). */
  name: string;
  /** Who did it for the log and the e-mail: absent = the user; an admin's name otherwise. */
  actor?: string;
  meta?: Partial<Pick<ClientMeta, "ip" | "userAgent">>;
};

type OnOptions = {
  /** The event to log (default factor.enabled, or admin.factor_enabled with an actor). */
  event?: SecurityEventType;
  details?: Record<string, string | number | boolean>;
  /** The e-mail to send (default factor.enabled); null sends none. */
  notice?: NotificationKind | null;
};

const byAdmin = (c: FactorChange) => c.actor !== undefined;

/** `write` stores the provider's data and says whether it did; false changes nothing else. */
export async function turnFactorOn(change: FactorChange, write: (tx: Tx) => Promise<boolean>, options: OnOptions = {}): Promise<boolean> {
  const { userId, providerId, actor, meta } = change;
  const done = await db.$transaction(async (tx) => {
    if (!(await write(tx))) return false;
    await setProviderEnabled(tx, userId, providerId, true);
    const type = options.event ?? (actor ? "admin.factor_enabled" : "factor.enabled");
    await recordEvent(tx, { userId, actor, type, ...meta, details: options.details ?? { provider: providerId } });
    return true;
  });
  const notice = options.notice === undefined ? "factor.enabled" : options.notice;
  if (done && notice) notify(userId, notice, { provider: change.name, byAdmin: byAdmin(change), ...meta });
  return done;
}

/** `forget` deletes the provider's data for the user; logged and mailed only when the factor was on. */
export async function turnFactorOff(change: FactorChange, forget?: (tx: Tx) => Promise<unknown>): Promise<boolean> {
  const { userId, providerId, actor, meta } = change;
  const wasOn = await db.$transaction(async (tx) => {
    if (forget) await forget(tx);
    const row = await tx.twoFactorProviderState.findUnique({ where: { userId_providerId: { userId, providerId } }, select: { enabled: true } });
    await setProviderEnabled(tx, userId, providerId, false);
    if (!row?.enabled) return false;
    // An administrator's reset (a lost phone): no browser trusted with the old factor skips the next one.
    if (actor) await voidTrustedBrowsers(tx, userId);
    await recordEvent(tx, { userId, actor, type: actor ? "admin.factor_disabled" : "factor.disabled", ...meta, details: { provider: providerId } });
    return true;
  });
  if (wasOn) notify(userId, "factor.disabled", { provider: change.name, byAdmin: byAdmin(change), ...meta });
  return wasOn;
}
