"use server";
import QRCode from "qrcode";
import { revalidatePath } from "next/cache";
import { actionSession } from "@/lib/dal/guard";
import { env } from "@/lib/env";
import { failure } from "@/lib/errors";
import { formText, type FormState } from "@/lib/forms";
import { beginEnrolment, confirmEnrolment, removeTotp } from "./store";
import { groupSecret, totpUri } from "./totp";

export type TotpSetupState = FormState | { ok: true; uri: string; qr: string; secret: string };

/** Starts enrolment (sudo): a fresh secret, shown as a QR code and as text. */
export async function beginTotpSetupAction(_prev: TotpSetupState, _form: FormData): Promise<TotpSetupState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  const { user } = guard.session;
  const secret = await beginEnrolment(user.id);
  if (!secret) return failure("invalid_input", "An authenticator app is already set up. Turn it off first to replace it.");
  const uri = totpUri(env().instanceName, user.login, secret);
  const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 1, width: 240 });
  return { ok: true, uri, qr, secret: groupSecret(secret) };
}

/** Finishes enrolment (sudo) with a code from the app. */
export async function confirmTotpSetupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  const code = formText(form, "code").slice(0, 64);
  if (!(await confirmEnrolment(guard.session.user.id, code))) {
    return failure("invalid_input", "That code is not right. Check the time on your phone and enter the current code.", { code: "That code is not right." });
  }
  revalidatePath("/settings/security");
  return { ok: true, message: "Your authenticator app is set up." };
}

/** Turns TOTP off (sudo) and deletes the secret. */
export async function disableTotpAction(_prev: FormState, _form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  await removeTotp(guard.session.user.id);
  revalidatePath("/settings/security");
  return { ok: true, message: "The authenticator app is turned off." };
}
