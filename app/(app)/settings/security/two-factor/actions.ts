"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { revokeAppPasswordsBeforeFactor } from "@/lib/auth/app-passwords-before-factor";
import { clientMeta } from "@/lib/auth/request-meta";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, type FormState } from "@/lib/forms";

/**
 * Revokes the app passwords made before the factor just turned on. Taking
 * access away needs no sudo (as revoking one device does); which passwords go is
 * decided here from the database, never from the form.
 */
export async function revokeAppPasswordsBeforeFactorAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const count = await revokeAppPasswordsBeforeFactor(guard.session.user.id, clientMeta(await headers()));
  revalidatePath("/settings/security");
  return { ok: true, message: count === 1 ? "Revoked 1 app password." : `Revoked ${count} app passwords.` };
}
