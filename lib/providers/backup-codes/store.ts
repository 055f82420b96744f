import "server-only";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { notify } from "@/lib/mail/notify";
import { recordEvent } from "@/lib/security/events";
import { setProviderEnabled } from "@/lib/two-factor/provider-state";
import { generateCodes, normalizeBackupCode } from "./codes";

/**
 * Backup codes' own data. Codes have 50 bits, under NIST 800-63B's 112-bit line,
 * so each is stored with a salted password hash (argon2id), never in clear.
 * Using one is a conditional update: exactly one of two concurrent uses wins.
 */

export const BACKUP_CODES_ID = "backup_codes";

/** Replaces the user's codes with a new set (the old ones stop working) and returns them once. */
export async function regenerateCodes(userId: string): Promise<string[]> {
  const codes = generateCodes();
  const hashes = await Promise.all(codes.map((c) => hashPassword(c)));
  await db.$transaction(async (tx) => {
    await tx.backupCode.deleteMany({ where: { userId } });
    await tx.backupCode.createMany({ data: hashes.map((hash) => ({ userId, hash })) });
    await setProviderEnabled(tx, userId, BACKUP_CODES_ID, true);
    await recordEvent(tx, { userId, type: "backup_codes.regenerated", details: { count: codes.length } });
  });
  notify(userId, "backup_codes.regenerated");
  return codes;
}

export async function remainingCodes(userId: string): Promise<number> {
  return db.backupCode.count({ where: { userId, usedAt: null } });
}

export async function useCode(userId: string, input: string): Promise<boolean> {
  const code = normalizeBackupCode(input);
  if (!code) return false;
  const unused = await db.backupCode.findMany({ where: { userId, usedAt: null }, select: { id: true, hash: true } });
  for (const row of unused) {
    if (await verifyPassword(row.hash, code)) {
      const { count } = await db.backupCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
      return count === 1;
    }
  }
  return false;
}

export async function removeCodes(userId: string, actor?: string): Promise<void> {
  const removed = await db.$transaction(async (tx) => {
    const { count } = await tx.backupCode.deleteMany({ where: { userId } });
    await setProviderEnabled(tx, userId, BACKUP_CODES_ID, false);
    if (count) await recordEvent(tx, { userId, actor, type: actor ? "admin.factor_disabled" : "factor.disabled", details: { provider: BACKUP_CODES_ID } });
    return count > 0;
  });
  if (removed) notify(userId, "factor.disabled", { provider: "Backup codes", byAdmin: actor !== undefined });
}

export async function removeAllCodes(): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.backupCode.deleteMany({});
    await tx.twoFactorProviderState.deleteMany({ where: { providerId: BACKUP_CODES_ID } });
    return count;
  });
}
