import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { checkNewPassword } from "@/lib/auth/password-policy";
import { keepingAnAdmin, removeUnlessLastAdmin } from "@/lib/admin/last-admin";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { notify } from "@/lib/mail/notify";
import { recordEvent } from "@/lib/security/events";
import { newPassword } from "@/lib/validation";
import { voidTrustedBrowsers } from "@/lib/two-factor/trusted-browsers";

/**
 * Account rescue and management for admins (web and CLI alike). Every change
 * that removes access deletes the account's tokens in the same transaction, so
 * its sessions and app passwords stop on their next request.
 */

type Target = { id: string; login: string; isAdmin: boolean; disabled: boolean };

/** Ends every session and app password of an account. Returns how many. `actor`: who did it, for the log. */
export async function revokeAllTokens(userId: string, actor: string): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.authToken.deleteMany({ where: { userId } });
    const trustedBrowsers = await voidTrustedBrowsers(tx, userId);
    await recordEvent(tx, { userId, actor, type: "admin.token_revoked", details: { count, trustedBrowsersRevoked: trustedBrowsers } });
    return count;
  });
}

/** Disables (ending every session and app password) or re-enables an account; never the last active admin. */
export async function setDisabled(target: Target, disabled: boolean, actor: string): Promise<Result<{ revoked: number }>> {
  const revoked = await keepingAnAdmin(async (tx) => {
    if (disabled) await removeUnlessLastAdmin(tx, target.id, { disabled: true });
    else await tx.user.update({ where: { id: target.id }, data: { disabled } });
    const revoked = disabled ? (await tx.authToken.deleteMany({ where: { userId: target.id } })).count : 0;
    await recordEvent(tx, { userId: target.id, actor, type: "admin.account_changed", details: { disabled, revoked } });
    return revoked;
  });
  if (revoked === null) return failure("forbidden", `${target.login} is the last active administrator; make someone else an administrator first.`);
  return { ok: true, data: { revoked } };
}

/** Grants or removes the admin role (the user is told by e-mail); never from the last active admin. */
export async function setAdmin(target: Target, isAdmin: boolean, actor: string): Promise<Result> {
  const changed = await keepingAnAdmin(async (tx) => {
    const changed = isAdmin
      ? (await tx.user.updateMany({ where: { id: target.id, isAdmin: false }, data: { isAdmin } })).count === 1
      : await removeUnlessLastAdmin(tx, target.id, { isAdmin: false });
    await recordEvent(tx, { userId: target.id, actor, type: "admin.account_changed", details: { isAdmin } });
    return changed;
  });
  if (changed === null) return failure("forbidden", `${target.login} is the last active administrator and cannot lose that role.`);
  if (changed) notify(target.id, isAdmin ? "admin_role.granted" : "admin_role.removed", { byAdmin: true });
  return { ok: true };
}

/** Sets a new password (checked like every new password) and ends every session and app password of the account. */
export async function resetPassword(target: Target, password: string, actor: string): Promise<Result<{ revoked: number }>> {
  const parsed = newPassword.safeParse(password);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message, { password: parsed.error.issues[0]!.message });
  const owner = await db.user.findUnique({ where: { id: target.id }, select: { login: true, displayName: true, email: true } });
  if (!owner) return failure("not_found", `User "${target.login}" not found.`);
  const refused = await checkNewPassword(parsed.data, owner);
  if (refused) return failure("invalid_input", refused, { password: refused });
  const passwordHash = await hashPassword(parsed.data);
  const revoked = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: target.id }, data: { passwordHash } });
    const revoked = (await tx.authToken.deleteMany({ where: { userId: target.id } })).count;
    await voidTrustedBrowsers(tx, target.id);
    await recordEvent(tx, { userId: target.id, actor, type: "password.changed", details: { byAdmin: true, revoked } });
    return revoked;
  });
  notify(target.id, "password.changed", { byAdmin: true });
  return { ok: true, data: { revoked } };
}

export async function tokenCounts(userId: string): Promise<{ sessions: number; appPasswords: number }> {
  const rows = await db.authToken.groupBy({ by: ["type"], where: { userId }, _count: true });
  const count = (type: string) => rows.find((r) => r.type === type)?._count ?? 0;
  return { sessions: count("session"), appPasswords: count("app_password") };
}
