import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/sqlite/client";

type Tx = Prisma.TransactionClient;

/** Thrown inside the transaction to roll back a change that left no active admin. */
class LastAdminError extends Error {
  constructor() {
    super("last active administrator");
  }
}

/** Runs a transaction that may call removeUnlessLastAdmin: its result, or null (nothing changed) when that refused. */
export async function keepingAnAdmin<T>(run: (tx: Tx) => Promise<T>): Promise<T | null> {
  try {
    return await db.$transaction(run);
  } catch (error) {
    if (error instanceof LastAdminError) return null;
    throw error;
  }
}

const ACTIVE_ADMIN = { isAdmin: true, disabled: false } as const;

/**
 * Demotes or disables an account inside `tx` unless that leaves the instance
 * without an active admin; throws LastAdminError (which rolls `tx` back) if so.
 * Returns whether the account changed.
 *
 * Check and change are one write, safe when two admins remove each other at the
 * same moment: the change is made first, as a conditional update that hits only
 * an active admin, and the count of active admins is taken after it, in the same
 * transaction. On SQLite that first write takes the database's write lock, so
 * the count sees every other committed change and none can slip in before the
 * commit. On PostgreSQL (READ COMMITTED) a count never waits for another
 * transaction's uncommitted demotion, so the active admins' rows are locked
 * first (`SELECT … FOR UPDATE`, in id order so two removals cannot deadlock): the
 * second removal waits for the first to commit, then counts without it.
 */
export async function removeUnlessLastAdmin(tx: Tx, userId: string, change: { isAdmin: false } | { disabled: true }): Promise<boolean> {
  if (env().databaseKind === "postgresql") {
    await tx.$queryRaw`SELECT id FROM "User" WHERE "isAdmin" = true AND "disabled" = false ORDER BY id FOR UPDATE`;
  }
  const removed = await tx.user.updateMany({ where: { id: userId, ...ACTIVE_ADMIN }, data: change });
  if (removed.count === 1) {
    if ((await tx.user.count({ where: ACTIVE_ADMIN })) === 0) throw new LastAdminError();
    return true;
  }
  // Not an active admin, so nothing to guard: a plain change (false when already so).
  return (await tx.user.updateMany({ where: { id: userId, NOT: change }, data: change })).count === 1;
}
