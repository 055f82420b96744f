"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { clientMeta } from "@/lib/auth/request-meta";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, formText, type FormState } from "@/lib/forms";
import { setPreferredProvider } from "@/lib/two-factor/preference";

/** "Preferred way in": marks one of the user's own factors (checked in lib/) to open first at sign-in. */
export async function setPreferredAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const result = await setPreferredProvider(guard.session.user.id, formText(form, "provider").slice(0, 100), clientMeta(await headers()));
  revalidatePath("/settings/security");
  if (!result.ok) return result;
  return { ok: true, message: result.data.providerId ? "Saved: sign-in opens with it first." : "Saved: sign-in opens with the method you used last." };
}
