import "server-only";
import { db } from "@/lib/db";

/** A message-code provider's own per-user data: the verified recipient. (On/off lives in the core's registry.) */

export async function verifiedRecipient(userId: string, channel: string): Promise<string | null> {
  const row = await db.gatewayRecipient.findUnique({ where: { userId_channel: { userId, channel } }, select: { recipient: true, verifiedAt: true } });
  return row?.verifiedAt ? row.recipient : null;
}

/** How many users have a provider on (e.g. before its gateway is removed). */
export async function countEnabledUsers(providerId: string): Promise<number> {
  return db.twoFactorProviderState.count({ where: { providerId, enabled: true } });
}
