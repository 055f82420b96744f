"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientMeta } from "@/lib/auth/request-meta";
import { stepUpSession } from "@/lib/auth/step-up";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { boundText, calledAsForm, formText, type FormState } from "@/lib/forms";
import { safeReturnTo } from "@/lib/forward-auth/return-to";

/** The browser's answer to this session's step-up request: on success the session has "hwk", and the browser goes on to `next`. */
export async function stepUpAction(nextRaw: string, _prev: FormState, form: FormData): Promise<FormState> {
  if (!calledAsForm(form, [boundText, nextRaw])) return failure("invalid_input");
  const auth = await actionSession();
  if ("failure" in auth) return auth.failure;
  const result = await stepUpSession(auth.session, formText(form, "code"), clientMeta(await headers()));
  if (!result.ok) return result;
  redirect(await safeReturnTo(nextRaw));
}
