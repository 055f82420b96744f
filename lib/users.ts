import "server-only";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { checkNewPassword } from "@/lib/auth/password-policy";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { db, isUniqueViolation } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import { displayNameInput, emailInput, fieldErrors, loginInput, newPassword } from "@/lib/validation";

/** Accounts: creation (web setup and CLI share it), look-up, listing. */

export const newUserInput = z.object({
  login: loginInput,
  displayName: displayNameInput.optional(),
  email: emailInput.optional(),
  password: newPassword,
  isAdmin: z.boolean().default(false),
});

export type NewUser = z.input<typeof newUserInput>;
export type CreatedUser = { id: string; login: string; displayName: string; isAdmin: boolean };

const SETUP_MARKER = "setup_completed_at";

export async function isSetUp(): Promise<boolean> {
  return (await db.appConfig.findUnique({ where: { key: SETUP_MARKER } })) !== null;
}

/**
 * Creates an account. The set-up marker row is written in the same transaction,
 * so /setup disappears with the first account however it was made. `firstAdmin`
 * (the /setup page) insists on creating that marker: its primary key makes a
 * second, concurrent first-admin set-up fail instead of creating two admins.
 */
export type CreateOptions = {
  /** The /setup page: must be the very first account; becomes an admin. */
  firstAdmin?: boolean;
  /** Who creates it, for the security log: "cli:<os user>", an admin's login, or none (set-up). */
  actor?: string | null;
  meta?: ClientMeta;
};

export async function createUser(input: NewUser, options: CreateOptions = {}): Promise<Result<CreatedUser>> {
  // Once set up, /setup answers nothing else (and sends no password anywhere to be checked).
  if (options.firstAdmin && (await isSetUp())) return failure("setup_done");
  const parsed = newUserInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message, fieldErrors(parsed.error));
  const { login, displayName, email, password, isAdmin } = parsed.data;
  const refused = await checkNewPassword(password, { login: login.login, displayName, email });
  if (refused) return failure("invalid_input", refused, { password: refused });
  if (await db.user.findUnique({ where: { loginKey: login.key }, select: { id: true } })) {
    return failure("login_taken", undefined, { login: "That login name is already taken." });
  }
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.$transaction(async (tx) => {
      const marker = { key: SETUP_MARKER, value: new Date().toISOString() };
      // Any first account (web set-up or CLI) completes set-up; only the web's
      // first-admin path insists on being first.
      if (options.firstAdmin) await tx.appConfig.create({ data: marker });
      else await tx.appConfig.upsert({ where: { key: SETUP_MARKER }, create: marker, update: {} });
      const created = await tx.user.create({
        data: {
          login: login.login,
          loginKey: login.key,
          displayName: displayName ?? login.login,
          email: email ?? null,
          passwordHash,
          isAdmin: options.firstAdmin ? true : isAdmin,
        },
        select: { id: true, login: true, displayName: true, isAdmin: true },
      });
      await recordEvent(tx, {
        userId: created.id,
        actor: options.actor ?? null,
        type: "account.created",
        ip: options.meta?.ip,
        userAgent: options.meta?.userAgent,
        details: { login: created.login, isAdmin: created.isAdmin, firstAdmin: options.firstAdmin === true },
      });
      return created;
    });
    return { ok: true, data: user };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return options.firstAdmin && (await isSetUp()) ? failure("setup_done") : failure("login_taken", undefined, { login: "That login name is already taken." });
  }
}

export async function findUserByLogin(raw: string) {
  const parsed = loginInput.safeParse(raw);
  if (!parsed.success) return null;
  return db.user.findUnique({ where: { loginKey: parsed.data.key } });
}

export async function listUsers() {
  return db.user.findMany({
    orderBy: { loginKey: "asc" },
    select: { id: true, login: true, displayName: true, email: true, isAdmin: true, disabled: true, lastLoginAt: true },
  });
}
