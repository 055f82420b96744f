import "server-only";
import { db } from "@/lib/db";
import { hashCode, newCode, type CodeBinding } from "@/lib/providers/message-code/code";
import { CODE_LIFETIME } from "@/lib/providers/message-code/limits";

/**
 * MessageCode rows. A code whose send failed is kept already expired
 * (expiresAt = sentAt): it can never be used, but it still counts for the
 * resend cooldown and tells a refreshed page that the send failed.
 */

export type CodeRow = {
  id: number;
  recipient: string;
  hash: string;
  sentAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  challengeId: string | null;
};

const select = { id: true, recipient: true, hash: true, sentAt: true, expiresAt: true, usedAt: true, challengeId: true } as const;

type Scope = Pick<CodeBinding, "userId" | "providerId" | "purpose"> & { challengeId?: string | null };

const scopeWhere = (s: Scope) => ({
  userId: s.userId,
  providerId: s.providerId,
  purpose: s.purpose,
  ...(s.challengeId !== undefined ? { challengeId: s.challengeId } : {}),
});

export async function createCode(binding: CodeBinding, now = new Date()): Promise<{ row: CodeRow; code: string }> {
  const code = newCode();
  const row = await db.messageCode.create({
    data: { ...binding, hash: hashCode(binding, code), sentAt: now, expiresAt: new Date(now.getTime() + CODE_LIFETIME) },
    select,
  });
  return { row, code };
}

export async function deleteCode(id: number): Promise<void> {
  await db.messageCode.deleteMany({ where: { id } });
}

export async function latestCode(scope: Scope): Promise<CodeRow | null> {
  return db.messageCode.findFirst({ where: scopeWhere(scope), orderBy: { id: "desc" }, select });
}

export async function firstCodeId(scope: Scope): Promise<number | undefined> {
  return (await db.messageCode.findFirst({ where: scopeWhere(scope), orderBy: { id: "asc" }, select: { id: true } }))?.id;
}

/** The newest code that can still be used. */
export async function liveCode(scope: Scope, now = new Date()): Promise<CodeRow | null> {
  return db.messageCode.findFirst({ where: { ...scopeWhere(scope), usedAt: null, expiresAt: { gt: now } }, orderBy: { id: "desc" }, select });
}

export function sendFailed(row: CodeRow): boolean {
  return row.expiresAt.getTime() <= row.sentAt.getTime() && row.usedAt === null;
}

export async function markSendFailed(id: number): Promise<void> {
  const row = await db.messageCode.findUnique({ where: { id }, select: { sentAt: true } });
  if (row) await db.messageCode.updateMany({ where: { id }, data: { expiresAt: row.sentAt } });
}

/** Uses a code exactly once: only one of any number of concurrent callers gets true. */
export async function consumeCode(id: number, now = new Date()): Promise<boolean> {
  const { count } = await db.messageCode.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return count === 1;
}

/**
 * Takes the right to send a new code after `latest`: succeeds only when the
 * cooldown has passed, and only for one caller. `latest` (and every older live
 * code in scope) is void afterwards: one live code at a time.
 */
export async function claimNewCode(scope: Scope, latest: CodeRow, cutoff: Date, now = new Date()): Promise<boolean> {
  const { count } = await db.messageCode.updateMany({
    where: { id: latest.id, sentAt: { lte: cutoff } },
    data: { sentAt: now, expiresAt: now },
  });
  if (count !== 1) return false;
  await db.messageCode.updateMany({ where: { ...scopeWhere(scope), usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
  return true;
}

/** Voids a code (too many wrong answers). */
export async function voidCode(id: number, now = new Date()): Promise<void> {
  await db.messageCode.updateMany({ where: { id, usedAt: null }, data: { expiresAt: now } });
}

export function secondsUntil(date: Date, now = Date.now()): number {
  return Math.max(1, Math.ceil((date.getTime() - now) / 1000));
}
