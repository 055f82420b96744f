import "server-only";
import { isThrottled, passwordAttempt } from "@/lib/auth/attempts";
import { notify } from "@/lib/mail/notify";
import { z } from "zod";
import { revokeSessions } from "@/lib/auth/devices";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkNewPassword } from "@/lib/auth/password-policy";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import { fieldErrors, givenPassword, newPassword } from "@/lib/validation";
import { voidTrustedBrowsers } from "@/lib/two-factor/trusted-browsers";

/**
 * Changing the account password. The current password is the confirmation (a
 * fresher one than sudo mode's). Every browser session of the user ends —
 * the caller's too: it gets a new session token afterwards (lib/auth/sign-in.ts
 * `startFreshSession`), so a stolen cookie of the old one is worth nothing —
 * and with `revokeAppPasswords` every app password as well. Every trusted
 * browser is forgotten: the next sign-in anywhere asks the second factor again.
 */

export const passwordChangeInput = z
  .object({
    current: givenPassword,
    next: newPassword,
    repeat: z.string().max(4096),
    revokeAppPasswords: z.boolean(),
  })
  .refine((v) => v.next === v.repeat, { path: ["repeat"], message: "The two new passwords do not match." });

export type PasswordChanged = { tokensRevoked: number; appPasswordsRevoked: boolean };

export async function changePassword(userId: string, input: z.input<typeof passwordChangeInput>, meta?: ClientMeta): Promise<Result<PasswordChanged>> {
  const parsed = passwordChangeInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message, fieldErrors(parsed.error));
  const { current, next, revokeAppPasswords } = parsed.data;

  const user = await db.user.findUnique({
    where: { id: userId },
    select: { passwordHash: true, loginKey: true, login: true, displayName: true, email: true },
  });
  if (!user) return failure("unauthenticated");
  // The new password's own rules first: no attempt is counted, nothing is written.
  const refused = await checkNewPassword(next, user);
  if (refused) return failure("invalid_input", refused, { next: refused });
  // The current password is checked like a sudo confirmation: throttled per address and account.
  const checked = await passwordAttempt("sudo", user.loginKey, meta ?? { ip: null, userAgent: null }, async () => ({
    ok: await verifyPassword(user.passwordHash, current),
  }));
  if (isThrottled(checked)) return checked;
  if (!checked.ok) {
    return failure("invalid_credentials", "Your current password is wrong.", { current: "Your current password is wrong." });
  }
  if (await verifyPassword(user.passwordHash, next)) {
    return failure("invalid_input", "Choose a new password, not the current one.", { next: "Choose a new password, not the current one." });
  }
  const passwordHash = await hashPassword(next);
  const tokensRevoked = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    const count = await revokeSessions(tx, userId, { appPasswords: revokeAppPasswords });
    const trustedBrowsers = await voidTrustedBrowsers(tx, userId);
    await recordEvent(tx, {
      userId,
      type: "password.changed",
      ...meta,
      details: { tokensRevoked: count, appPasswordsRevoked: revokeAppPasswords, trustedBrowsersRevoked: trustedBrowsers },
    });
    return count;
  });
  notify(userId, "password.changed", { ip: meta?.ip, userAgent: meta?.userAgent });
  return { ok: true, data: { tokensRevoked, appPasswordsRevoked: revokeAppPasswords } };
}
