import "server-only";
import { passwordAttempt } from "@/lib/auth/attempts";
import { SUDO_WINDOW } from "@/lib/auth/policy";
import { verifyPassword } from "@/lib/auth/password";
import type { ClientMeta } from "@/lib/auth/request-meta";
import type { Clock, Throttled } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { givenPassword } from "@/lib/validation";

/**
 * Sudo mode: one mechanism for "confirm it's you". A session's `reauthAt` is set
 * when its user signs in or re-confirms; sensitive actions (factor set-up and
 * removal, backup-code regeneration, app-password creation, password change)
 * need it to be at most 15 minutes old.
 */

export function isSudoFresh(token: { reauthAt: Date | null }, now = Date.now()): boolean {
  return token.reauthAt !== null && now - token.reauthAt.getTime() < SUDO_WINDOW;
}

/** Guard for sensitive actions: a failure the form answers with the confirm dialog. */
export function requireSudo(token: { reauthAt: Date | null }): Result | null {
  return isSudoFresh(token) ? null : failure("sudo_required");
}

/**
 * Re-confirms a session with the account password. Throttled like signing in
 * (per address, and on the account's password counter), so a stolen session
 * cannot be used to guess the password.
 */
export async function confirmWithPassword(
  tokenId: number,
  userId: string,
  password: string,
  meta: ClientMeta,
  options: { clock?: Clock } = {},
): Promise<Result | Throttled> {
  const parsed = givenPassword.safeParse(password);
  if (!parsed.success) return failure("invalid_credentials", "Wrong password.");
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true, loginKey: true } });
  if (!user) return failure("unauthenticated");
  const checked = await passwordAttempt(
    "sudo",
    user.loginKey,
    meta,
    async () => ((await verifyPassword(user.passwordHash, parsed.data)) ? { ok: true as const } : failure("invalid_credentials", "Wrong password.")),
    options,
  );
  if (!checked.ok) return checked;
  await markConfirmed(tokenId, userId);
  return { ok: true };
}

export async function markConfirmed(tokenId: number, userId: string): Promise<void> {
  await db.authToken.updateMany({ where: { id: tokenId, userId }, data: { reauthAt: new Date() } });
}
