import "server-only";
import { decryptSecret, encryptSecret } from "@/lib/crypto/encryption";
import { db } from "@/lib/db";
import { notify } from "@/lib/mail/notify";
import { recordEvent } from "@/lib/security/events";
import { setProviderEnabled } from "@/lib/two-factor/provider-state";
import { matchingStep, newTotpSecret } from "./totp";

/** TOTP's own data: one encrypted secret per user, and the last accepted step. */

export const TOTP_ID = "totp";
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

export async function pendingSecret(userId: string): Promise<string | null> {
  const row = await db.totpSecret.findUnique({ where: { userId } });
  return row && !row.confirmedAt ? decryptSecret(row.secret, context(userId)) : null;
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
  await db.$transaction(async (tx) => {
    await tx.totpSecret.update({ where: { userId }, data: { confirmedAt: new Date() } });
    await setProviderEnabled(tx, userId, TOTP_ID, true);
    await recordEvent(tx, { userId, type: "factor.enabled", details: { provider: TOTP_ID } });
  });
  notify(userId, "factor.enabled", { provider: "Authenticator app" });
  return true;
}

/** Turns TOTP off for a user and deletes the secret; `actor` names the admin who did it. */
export async function removeTotp(userId: string, actor?: string): Promise<void> {
  const removed = await db.$transaction(async (tx) => {
    const { count } = await tx.totpSecret.deleteMany({ where: { userId } });
    await setProviderEnabled(tx, userId, TOTP_ID, false);
    if (count) await recordEvent(tx, { userId, actor, type: actor ? "admin.factor_disabled" : "factor.disabled", details: { provider: TOTP_ID } });
    return count > 0;
  });
  if (removed) notify(userId, "factor.disabled", { provider: "Authenticator app", byAdmin: actor !== undefined });
}

export async function removeAllTotp(): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.totpSecret.deleteMany({});
    await tx.twoFactorProviderState.deleteMany({ where: { providerId: TOTP_ID } });
    return count;
  });
}
