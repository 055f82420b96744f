import "server-only";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { turnFactorOn, type Tx } from "@/lib/two-factor/provider-api";
import { generateCodes, normalizeBackupCode } from "./codes";

/**
 * Backup codes' own data. Codes have 50 bits, under NIST 800-63B's 112-bit line,
 * so each is stored with a salted password hash (argon2id), never in clear.
 * Using one is a conditional update: exactly one of two concurrent uses wins.
 */

export const BACKUP_CODES_ID = "backup_codes";
export const BACKUP_CODES_NAME = "Backup codes";

/** Replaces the user's codes with a new set (the old ones stop working) and returns them once. */
export async function regenerateCodes(userId: string): Promise<string[]> {
  const codes = generateCodes();
  const hashes = await Promise.all(codes.map((c) => hashPassword(c)));
  const change = { userId, providerId: BACKUP_CODES_ID, name: BACKUP_CODES_NAME };
  const event = { event: "backup_codes.regenerated", details: { count: codes.length }, notice: "backup_codes.regenerated" } as const;
  await turnFactorOn(
    change,
    async (tx) => {
      await tx.backupCode.deleteMany({ where: { userId } });
      await tx.backupCode.createMany({ data: hashes.map((hash) => ({ userId, hash })) });
      return true;
    },
    event,
  );
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

export async function forgetCodes(tx: Tx, userId: string): Promise<void> {
  await tx.backupCode.deleteMany({ where: { userId } });
}

export async function forgetAllCodes(tx: Tx): Promise<number> {
  return (await tx.backupCode.deleteMany({})).count;
}
