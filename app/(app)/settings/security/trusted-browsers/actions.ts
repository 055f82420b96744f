"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { clientMeta } from "@/lib/auth/request-meta";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, formText, type FormState } from "@/lib/forms";
import { revokeTrustedBrowser } from "@/lib/two-factor/trusted-browsers";

/** "Remove" on one trusted browser: by id, matched only against the signed-in user's own rows. */
export async function revokeTrustedBrowserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const result = await revokeTrustedBrowser(guard.session.user.id, formText(form, "id"), clientMeta(await headers()));
  revalidatePath("/settings/security");
  return result.ok ? { ok: true, message: "That browser will ask for your second factor again." } : result;
}
