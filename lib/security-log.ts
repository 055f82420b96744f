import "server-only";
import type { ClientMeta } from "@/lib/auth/request-meta";
import type { Prisma } from "@/lib/generated/sqlite/client";

/**
 * The security log (SecurityEvent rows). Written with the transaction client of
 * the change it records, so an event exists exactly when its change does.
 */

export type SecurityEventType =
  | "app_password_created"
  | "app_password_renamed"
  | "token_revoked"
  | "sessions_revoked"
  | "password_changed"
  | "factor_enabled"
  | "factor_disabled";

export async function logEvent(
  tx: Prisma.TransactionClient,
  event: { userId: string; type: SecurityEventType; actor?: string; meta?: ClientMeta; details?: Record<string, string | number | boolean> },
): Promise<void> {
  await tx.securityEvent.create({
    data: {
      userId: event.userId,
      type: event.type,
      actor: event.actor ?? event.userId,
      ip: event.meta?.ip ?? null,
      userAgent: event.meta?.userAgent ?? null,
      details: event.details ? JSON.stringify(event.details) : null,
    },
  });
}
