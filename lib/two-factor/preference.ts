import "server-only";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import { providerSet } from "@/lib/two-factor/provider-set";

/**
 * The factor a user marks as their preferred way in (issue #19): the challenge
 * opens it first, ahead of the one used last. Only a factor the user has on and
 * may use can be marked; a mark whose factor was turned off is simply passed over.
 */

export async function markedProviderId(userId: string): Promise<string | null> {
  const row = await db.twoFactorPreference.findUnique({ where: { userId }, select: { providerId: true } });
  return row?.providerId ?? null;
}

/** Marks `providerId` preferred, or with "" clears the mark (the last used opens first again). */
export async function setPreferredProvider(userId: string, providerId: string, meta?: ClientMeta): Promise<Result<{ providerId: string | null }>> {
  if (providerId !== "" && !(await providerSet(userId)).factors.some((p) => p.id === providerId)) {
    return failure("invalid_input", "Choose one of the two-factor methods you have on.");
  }
  await db.$transaction(async (tx) => {
    if (providerId === "") await tx.twoFactorPreference.deleteMany({ where: { userId } });
    else await tx.twoFactorPreference.upsert({ where: { userId }, create: { userId, providerId }, update: { providerId } });
    await recordEvent(tx, { userId, type: "factor.preferred", ...meta, details: { provider: providerId || null } });
  });
  return { ok: true, data: { providerId: providerId || null } };
}
