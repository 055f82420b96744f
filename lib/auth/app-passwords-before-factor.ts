import "server-only";
import { DAY } from "@/lib/auth/policy";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { recordEvent } from "@/lib/security/events";

/**
 * App passwords made before the user turned a second factor on. App passwords
 * skip the second factor, so anyone who had the password then could have made
 * one that still works. For a day after a factor is turned on, the security page
 * offers to revoke them (it says how many); nothing is revoked unasked.
 */
export const OFFER_PERIOD = DAY;

type Reader = Pick<Prisma.TransactionClient, "securityEvent">;

/** When the user last turned a factor on, if that was within the offer period. */
async function factorTurnedOnAt(reader: Reader, userId: string, now: number): Promise<Date | null> {
  const event = await reader.securityEvent.findFirst({
    where: { userId, type: "factor.enabled", createdAt: { gte: new Date(now - OFFER_PERIOD) } },
    orderBy: { id: "desc" },
    select: { createdAt: true },
  });
  return event?.createdAt ?? null;
}

const madeBefore = (userId: string, when: Date) => ({ userId, type: "app_password", createdAt: { lt: when } });

/** How many app passwords to offer revoking: those older than a factor turned on in the last day. */
export async function appPasswordsBeforeFactor(userId: string, now = Date.now()): Promise<number> {
  const since = await factorTurnedOnAt(db, userId, now);
  return since ? db.authToken.count({ where: madeBefore(userId, since) }) : 0;
}

/** Revokes exactly those, logged in the same transaction; returns how many. */
export async function revokeAppPasswordsBeforeFactor(userId: string, meta?: ClientMeta, now = Date.now()): Promise<number> {
  return db.$transaction(async (tx) => {
    const since = await factorTurnedOnAt(tx, userId, now);
    if (!since) return 0;
    const { count } = await tx.authToken.deleteMany({ where: madeBefore(userId, since) });
    if (count > 0) await recordEvent(tx, { userId, type: "app_password.revoked", ...meta, details: { count, reason: "made_before_two_factor" } });
    return count;
  });
}
