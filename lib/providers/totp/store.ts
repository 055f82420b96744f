import "server-only";
import { decryptSecret, encryptSecret } from "@/lib/crypto/encryption";
import { db } from "@/lib/db";
import { turnFactorOff, turnFactorOn, type Tx } from "@/lib/two-factor/provider-api";
import { matchingStep, newTotpSecret } from "./totp";

/** TOTP's own data: one encrypted secret per user, and the last accepted step. */

export const TOTP_ID = "totp";
const TOTP_NAME = "Authenticator app";
const context = (userId: string) => `totp:${userId}`;

/** Starts (or restarts) enrolment: a new unconfirmed secret replaces any pending one. */
export async function beginEnrolment(userId: string): Promise<string | null> {
  const existing = await db.totpSecret.findUnique({ where: { userId }, select: { confirmedAt: true } });
  if (existing?.confirmedAt) return null;
  const secret = newTotpSecret();
  const stored = encryptSecret(secret, context(userId));
  await db.totpSecret.upsert({
    where: { userId },
    create: { userId, secret: stored },
    update: { secret: stored, lastUsedStep: null, createdAt: new Date() },
  });
  return secret;
}

/**
 * Accepts a code: its step must be newer than the last accepted one, and the
 * conditional update lets only one of two concurrent requests claim it.
 */
export async function acceptCode(userId: string, input: string, options: { confirmed: boolean }): Promise<boolean> {
  const row = await db.totpSecret.findUnique({ where: { userId } });
  if (!row || Boolean(row.confirmedAt) !== options.confirmed) return false;
  const step = await matchingStep(decryptSecret(row.secret, context(userId)), input, row.lastUsedStep);
  if (step === null) return false;
  const { count } = await db.totpSecret.updateMany({
    where: { userId, secret: row.secret, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  });
  return count === 1;
}

/** Finishes enrolment with a valid code; the provider is then on for the user. */
export async function confirmEnrolment(userId: string, input: string): Promise<boolean> {
  if (!(await acceptCode(userId, input, { confirmed: false }))) return false;
  return turnFactorOn({ userId, providerId: TOTP_ID, name: TOTP_NAME }, async (tx) => {
    await tx.totpSecret.update({ where: { userId }, data: { confirmedAt: new Date() } });
    return true;
  });
}

/** Turns TOTP off for a user and deletes the secret; `actor` names the admin who did it. */
export async function removeTotp(userId: string, actor?: string): Promise<void> {
  await turnFactorOff({ userId, providerId: TOTP_ID, name: TOTP_NAME, actor }, (tx) => forgetTotp(tx, userId));
}

export async function forgetTotp(tx: Tx, userId: string): Promise<void> {
  await tx.totpSecret.deleteMany({ where: { userId } });
}

export async function forgetAllTotp(tx: Tx): Promise<number> {
  return (await tx.totpSecret.deleteMany({})).count;
}
