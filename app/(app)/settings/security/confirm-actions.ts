"use server";
import { headers } from "next/headers";
import { clientMeta } from "@/lib/auth/request-meta";
import { confirmWithPassword } from "@/lib/auth/sudo";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, formText, type FormState } from "@/lib/forms";

/** The sudo dialog's action: confirms the signed-in user's password. */
export async function confirmIdentityAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const { token, user } = guard.session;
  const result = await confirmWithPassword(token.id, user.id, formText(form, "password"), clientMeta(await headers()));
  return result.ok ? { ok: true } : result;
}
