"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { changePassword } from "@/lib/auth/password-change";
import { clientMeta } from "@/lib/auth/request-meta";
import { startFreshSession } from "@/lib/auth/sign-in";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, formFlag, formText, type FormState } from "@/lib/forms";

/**
 * Changes the password (the current one is the confirmation), ends every
 * session — this one included — and signs this browser in again with a new
 * session token. Passwords are never echoed back.
 */
export async function changePasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const { user, token } = guard.session;
  const meta = clientMeta(await headers());
  const revokeAppPasswords = formFlag(form, "revokeAppPasswords");
  const result = await changePassword(
    user.id,
    { current: formText(form, "current"), next: formText(form, "next"), repeat: formText(form, "repeat"), revokeAppPasswords },
    meta,
  );
  if (!result.ok) return result;
  if (!(await startFreshSession(user.id, token.remember, meta, token.methods))) redirect("/login?notice=password-changed");
  revalidatePath("/settings/security");
  return {
    ok: true,
    message: revokeAppPasswords
      ? "Password changed. Every other session was signed out and all app passwords were revoked."
      : "Password changed. Every other session was signed out; your app passwords still work.",
  };
}
