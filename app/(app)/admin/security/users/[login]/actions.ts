"use server";
import { revalidatePath } from "next/cache";
import { resetPassword, revokeAllTokens, setAdmin, setDisabled } from "@/lib/admin/accounts";
import { adminActionSession } from "@/lib/dal/admin";
import { failure } from "@/lib/errors";
import { boundFlag, boundText, calledAsForm, formText, type FormState } from "@/lib/forms";
import { addToGroup, removeFromGroup } from "@/lib/groups";
import { generateAdminCode } from "@/lib/providers/admin-code/store";
import { disableForUser } from "@/lib/two-factor/admin";
import { findUserByLogin } from "@/lib/users";
import { revokeAllTrustedBrowsers } from "@/lib/two-factor/trusted-browsers";

/** Every action: a live admin session, a well-formed call (the login is bound on the page), then the target user by login. */
async function target(login: string, form: unknown, ...bound: [typeof boundFlag, unknown][]) {
  const guard = await adminActionSession();
  if ("failure" in guard) return guard;
  if (!calledAsForm(form, [boundText, login], ...bound)) return { failure: failure("invalid_input") };
  const user = await findUserByLogin(login);
  if (!user) return { failure: failure("not_found", `User "${login}" not found.`) };
  return { admin: guard.session.user, user };
}

function done(login: string, message: string): FormState {
  revalidatePath(`/admin/security/users/${encodeURIComponent(login)}`);
  revalidatePath("/admin/security");
  return { ok: true, message };
}

/** Turns off the provider named in the form's `provider` field, or all when it is empty. */
export async function disableFactorAction(login: string, _prev: FormState, form: FormData): Promise<FormState> {
  const t = await target(login, form);
  if ("failure" in t) return t.failure;
  const providerId = formText(form, "provider").slice(0, 100) || null;
  const changes = await disableForUser(t.user.id, providerId ?? undefined, t.admin.login);
  if (!changes) return failure("not_found", "That provider is not on for this user.");
  return done(login, providerId ? `Turned off ${changes[0]!.name} for ${t.user.login}.` : `Two-factor authentication turned off for ${t.user.login}.`);
}

export type CodeState = FormState | { ok: true; code: string; expiresAt: string };

export async function generateCodeAction(login: string, _prev: CodeState, form: FormData): Promise<CodeState> {
  const t = await target(login, form);
  if ("failure" in t) return t.failure;
  const { code, expiresAt } = await generateAdminCode(t.user.id, t.admin.login);
  revalidatePath(`/admin/security/users/${encodeURIComponent(login)}`);
  return { ok: true, code, expiresAt: expiresAt.toISOString() };
}

export async function revokeTokensAction(login: string, _prev: FormState, form: FormData): Promise<FormState> {
  const t = await target(login, form);
  if ("failure" in t) return t.failure;
  const n = await revokeAllTokens(t.user.id, t.admin.login);
  return done(login, `Ended ${n} session(s) and app password(s) of ${t.user.login}.`);
}

/** "Revoke trusted browsers" (issue #19): every browser of the user asks the second factor again. */
export async function revokeTrustedBrowsersAction(login: string, _prev: FormState, form: FormData): Promise<FormState> {
  const t = await target(login, form);
  if ("failure" in t) return t.failure;
  const n = await revokeAllTrustedBrowsers(t.user.id, t.admin.login);
  return done(login, `Revoked ${n} trusted browser(s) of ${t.user.login}.`);
}

export async function setDisabledAction(login: string, disabled: boolean, _prev: FormState, form: FormData): Promise<FormState> {
  const t = await target(login, form, [boundFlag, disabled]);
  if ("failure" in t) return t.failure;
  const r = await setDisabled(t.user, disabled, t.admin.login);
  if (!r.ok) return r;
  return done(login, disabled ? `${t.user.login} is disabled; ${r.data.revoked} session(s) and app password(s) ended.` : `${t.user.login} can sign in again.`);
}

export async function setAdminAction(login: string, isAdmin: boolean, _prev: FormState, form: FormData): Promise<FormState> {
  const t = await target(login, form, [boundFlag, isAdmin]);
  if ("failure" in t) return t.failure;
  const r = await setAdmin(t.user, isAdmin, t.admin.login);
  return r.ok ? done(login, isAdmin ? `${t.user.login} is now an administrator.` : `${t.user.login} is no longer an administrator.`) : r;
}

export async function resetPasswordAction(login: string, _prev: FormState, form: FormData): Promise<FormState> {
  const t = await target(login, form);
  if ("failure" in t) return t.failure;
  const r = await resetPassword(t.user, formText(form, "password"), t.admin.login);
  return r.ok ? done(login, `Password changed; ${r.data.revoked} session(s) and app password(s) of ${t.user.login} ended.`) : r;
}

export async function membershipAction(login: string, _prev: FormState, form: FormData): Promise<FormState> {
  const t = await target(login, form);
  if ("failure" in t) return t.failure;
  const group = formText(form, "group");
  const r =
    formText(form, "op") === "remove" ? await removeFromGroup(group, t.user.login, t.admin.login) : await addToGroup(group, t.user.login, t.admin.login);
  return r.ok ? done(login, "Groups updated.") : r;
}
