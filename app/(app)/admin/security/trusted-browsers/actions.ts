"use server";
import { revalidatePath } from "next/cache";
import { setConfig } from "@/lib/config";
import { adminActionSession } from "@/lib/dal/admin";
import { failure } from "@/lib/errors";
import { calledAsForm, formText, type FormState } from "@/lib/forms";

/** "Don't ask again on this browser": off, or for how many days (the same check as `config:set trusted_browser_days`). */
export async function trustDaysAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await adminActionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const saved = await setConfig("trusted_browser_days", formText(form, "days").slice(0, 16) || "off", guard.session.user.login);
  if (!saved.ok) return { ...saved, fields: { days: saved.message } };
  revalidatePath("/admin/security");
  return {
    ok: true,
    message:
      saved.data.value === "off"
        ? "Browsers are no longer trusted: every sign-in asks for the second factor."
        : `Users may trust a browser for ${saved.data.value} day(s).`,
  };
}
