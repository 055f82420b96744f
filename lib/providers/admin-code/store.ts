import "server-only";
import { randomInt } from "node:crypto";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { DAY } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { notify } from "@/lib/mail/notify";
import { recordEvent } from "@/lib/security/events";
import { setProviderEnabled } from "@/lib/two-factor/provider-state";

/**
 * Admin bypass codes (Nextcloud's twofactor_admin, safer): 8 digits, shown once
 * to the admin, stored as an argon2id hash, single use (conditional update),
 * expiring (24 h by default). One live code per user; a new one replaces it.
 * Guessing is bounded by the password step in front of it and the challenge's
 * 5-attempt cap.
 */
export const ADMIN_CODE_ID = "admin_code";
export const ADMIN_CODE_LIFETIME = DAY;

export async function generateAdminCode(userId: string, createdBy: string, lifetimeMs = ADMIN_CODE_LIFETIME): Promise<{ code: string; expiresAt: Date }> {
  const code = String(randomInt(0, 100_000_000)).padStart(8, "0");
  const hash = await hashPassword(code);
  const expiresAt = new Date(Date.now() + lifetimeMs);
  await db.$transaction(async (tx) => {
    await tx.adminBypassCode.upsert({
      where: { userId },
      create: { userId, hash, expiresAt, createdBy },
      update: { hash, expiresAt, createdBy, usedAt: null, createdAt: new Date() },
    });
    await setProviderEnabled(tx, userId, ADMIN_CODE_ID, true);
    await recordEvent(tx, { userId, actor: createdBy, type: "admin.bypass_code_generated", details: { expiresAt: expiresAt.toISOString() } });
  });
  notify(userId, "admin_code.generated", { byAdmin: true, expiresAt });
  return { code, expiresAt };
}

export async function useAdminCode(userId: string, input: string): Promise<boolean> {
  const code = input.replace(/[\s-]/g, "");
  if (!/^\d{8}$/.test(code)) return false;
  const row = await db.adminBypassCode.findUnique({ where: { userId } });
  if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) return false;
  if (!(await verifyPassword(row.hash, code))) return false;
  return db.$transaction(async (tx) => {
    const { count } = await tx.adminBypassCode.updateMany({ where: { userId, usedAt: null, hash: row.hash }, data: { usedAt: new Date() } });
    if (count === 1) await setProviderEnabled(tx, userId, ADMIN_CODE_ID, false);
    return count === 1;
  });
}

export async function removeAdminCode(userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.adminBypassCode.deleteMany({ where: { userId } });
    await setProviderEnabled(tx, userId, ADMIN_CODE_ID, false);
  });
}

export async function removeAllAdminCodes(): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.adminBypassCode.deleteMany({});
    await tx.twoFactorProviderState.deleteMany({ where: { providerId: ADMIN_CODE_ID } });
    return count;
  });
}
