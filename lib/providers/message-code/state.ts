import "server-only";
import { db } from "@/lib/db";

/** Per-user state of a message-code provider: on/off (TwoFactorProviderState) and the verified recipient. */

export async function isProviderEnabled(userId: string, providerId: string): Promise<boolean> {
  const row = await db.twoFactorProviderState.findUnique({ where: { userId_providerId: { userId, providerId } }, select: { enabled: true } });
  return row?.enabled === true;
}

export async function verifiedRecipient(userId: string, channel: string): Promise<string | null> {
  const row = await db.gatewayRecipient.findUnique({ where: { userId_channel: { userId, channel } }, select: { recipient: true, verifiedAt: true } });
  return row?.verifiedAt ? row.recipient : null;
}

/** How many users have a provider on (e.g. before its gateway is removed). */
export async function countEnabledUsers(providerId: string): Promise<number> {
  return db.twoFactorProviderState.count({ where: { providerId, enabled: true } });
}
