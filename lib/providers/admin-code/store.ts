import "server-only";
import { randomInt } from "node:crypto";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { DAY } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { notify } from "@/lib/mail/notify";
import { normalizeDigits, setProviderEnabled, turnFactorOn, type Tx } from "@/lib/two-factor/provider-api";

/**
 * Admin bypass codes (Nextcloud's twofactor_admin, safer): 8 digits, shown once
 * to the admin, stored as an argon2id hash, single use (conditional update),
 * expiring (24 h by default). One live code per user; a new one replaces it.
 * Guessing is bounded by the password step in front of it and the challenge's
 * 5-attempt cap.
 */
export const ADMIN_CODE_ID = "admin_code";
export const ADMIN_CODE_LIFETIME = DAY;
export const ADMIN_CODE_NAME = "Code from your administrator";

export async function generateAdminCode(userId: string, createdBy: string, lifetimeMs = ADMIN_CODE_LIFETIME): Promise<{ code: string; expiresAt: Date }> {
  const code = String(randomInt(0, 100_000_000)).padStart(8, "0");
  const hash = await hashPassword(code);
  const expiresAt = new Date(Date.now() + lifetimeMs);
  const change = { userId, providerId: ADMIN_CODE_ID, name: ADMIN_CODE_NAME, actor: createdBy };
  const event = { event: "admin.bypass_code_generated", details: { expiresAt: expiresAt.toISOString() }, notice: null } as const;
  await turnFactorOn(
    change,
    async (tx) => {
      await tx.adminBypassCode.upsert({
        where: { userId },
        create: { userId, hash, expiresAt, createdBy },
        update: { hash, expiresAt, createdBy, usedAt: null, createdAt: new Date() },
      });
      return true;
    },
    event,
  );
  // Its own e-mail (with the expiry), not the generic "factor turned on".
  notify(userId, "admin_code.generated", { byAdmin: true, expiresAt });
  return { code, expiresAt };
}

export async function useAdminCode(userId: string, input: string): Promise<boolean> {
  const code = normalizeDigits(input, 8);
  if (!code) return false;
  const row = await db.adminBypassCode.findUnique({ where: { userId } });
  if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) return false;
  if (!(await verifyPassword(row.hash, code))) return false;
  // Spent, it switches itself off; the sign-in's challenge.passed event records the use.
  return db.$transaction(async (tx) => {
    const { count } = await tx.adminBypassCode.updateMany({ where: { userId, usedAt: null, hash: row.hash }, data: { usedAt: new Date() } });
    if (count === 1) await setProviderEnabled(tx, userId, ADMIN_CODE_ID, false);
    return count === 1;
  });
}

export async function forgetAdminCode(tx: Tx, userId: string): Promise<void> {
  await tx.adminBypassCode.deleteMany({ where: { userId } });
}

export async function forgetAllAdminCodes(tx: Tx): Promise<number> {
  return (await tx.adminBypassCode.deleteMany({})).count;
}
