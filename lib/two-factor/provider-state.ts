import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/sqlite/client";

/**
 * The per-user provider registry (Nextcloud's twofactor_providers): which
 * providers each user has on. Providers write it whenever they are enabled or
 * disabled for a user; the core reads it with one query per sign-in.
 */

/** A transaction client, handed to providers inside the core's transactions. */
export type Tx = Prisma.TransactionClient;

export async function enabledProviderIds(userId: string): Promise<string[]> {
  const rows = await db.twoFactorProviderState.findMany({ where: { userId, enabled: true }, select: { providerId: true } });
  return rows.map((r) => r.providerId);
}

export async function isProviderEnabled(userId: string, providerId: string): Promise<boolean> {
  const row = await db.twoFactorProviderState.findUnique({ where: { userId_providerId: { userId, providerId } }, select: { enabled: true } });
  return row?.enabled ?? false;
}

export async function setProviderEnabled(tx: Tx, userId: string, providerId: string, enabled: boolean): Promise<void> {
  await tx.twoFactorProviderState.upsert({
    where: { userId_providerId: { userId, providerId } },
    create: { userId, providerId, enabled },
    update: { enabled },
  });
}

export async function markProviderUsed(userId: string, providerId: string): Promise<void> {
  await db.twoFactorProviderState.updateMany({ where: { userId, providerId }, data: { lastUsedAt: new Date() } });
}

export async function lastUsedProviderId(userId: string): Promise<string | null> {
  const row = await db.twoFactorProviderState.findFirst({
    where: { userId, enabled: true, lastUsedAt: { not: null } },
    orderBy: { lastUsedAt: "desc" },
    select: { providerId: true },
  });
  return row?.providerId ?? null;
}
