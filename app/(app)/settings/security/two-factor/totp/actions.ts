"use server";
import { revalidatePath } from "next/cache";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, formText, type FormState } from "@/lib/forms";
import { beginTotpSetup, finishTotpSetup } from "@/lib/providers/totp/setup";
import { removeTotp } from "@/lib/providers/totp/store";
import type { SetupView } from "@/lib/two-factor/types";

export type TotpSetupState = FormState | { ok: true; view: SetupView };

/** Starts enrolment (sudo): a fresh secret, shown as a QR code and as text. */
export async function beginTotpSetupAction(_prev: TotpSetupState, form: FormData): Promise<TotpSetupState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const { user } = guard.session;
  const view = await beginTotpSetup({ userId: user.id, login: user.login });
  if (!view) return failure("invalid_input", "An authenticator app is already set up. Turn it off first to replace it.");
  return { ok: true, view };
}

/** Finishes enrolment (sudo) with a code from the app. */
export async function confirmTotpSetupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const result = await finishTotpSetup({ userId: guard.session.user.id }, formText(form, "code"));
  if (!result.ok) return failure("invalid_input", result.message, { code: "That code is not right." });
  revalidatePath("/settings/security");
  return { ok: true, message: "Your authenticator app is set up." };
}

/** Turns TOTP off (sudo) and deletes the secret. */
export async function disableTotpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  await removeTotp(guard.session.user.id);
  revalidatePath("/settings/security");
  return { ok: true, message: "The authenticator app is turned off." };
}
