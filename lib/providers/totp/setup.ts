import "server-only";
import QRCode from "qrcode";
import { env } from "@/lib/env";
import type { ProviderContext, SetupView, VerifyResult } from "@/lib/two-factor/provider-api";
import { beginEnrolment, confirmEnrolment } from "./store";
import { groupSecret, totpUri } from "./totp";

/** Enrolment, shared by the settings page and set-up at login. */
export async function beginTotpSetup(ctx: Pick<ProviderContext, "userId" | "login">): Promise<SetupView | null> {
  const secret = await beginEnrolment(ctx.userId);
  if (!secret) return null;
  const uri = totpUri(env().instanceName, ctx.login, secret);
  return {
    steps: [
      "Open your authenticator app and add an account by scanning this QR code.",
      "Can't scan? Enter the key below by hand (time-based, 6 digits).",
      "Type the 6-digit code the app shows to finish.",
    ],
    qr: { dataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 1, width: 240 }), alt: "QR code for your authenticator app" },
    secret: { label: "Setup key", value: groupSecret(secret), copyValue: secret },
    inputLabel: "Code from the app",
    inputMode: "numeric",
    maxLength: 7,
  };
}

export async function finishTotpSetup(ctx: Pick<ProviderContext, "userId">, input: string): Promise<VerifyResult> {
  return (await confirmEnrolment(ctx.userId, input.slice(0, 64)))
    ? { ok: true }
    : { ok: false, message: "That code is not right. Check the time on your phone and enter the current code." };
}
