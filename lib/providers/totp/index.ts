import "server-only";
import type { SecondFactorProvider } from "@/lib/two-factor/provider-api";
import { beginTotpSetup, finishTotpSetup } from "./setup";
import { acceptCode, forgetAllTotp, forgetTotp, TOTP_ID } from "./store";

/** Time-based one-time passwords from an authenticator app, enrolled by QR code. */
export const totpProvider: SecondFactorProvider = {
  id: TOTP_ID,
  displayName: "Authenticator app",
  description: "A 6-digit code from an app such as Aegis, FreeOTP, Google Authenticator or 1Password.",
  icon: "M7 2h10a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm5 16h.01",
  kind: "factor",
  method: "otp",
  async challengeView() {
    return {
      prompt: "Open your authenticator app and enter the 6-digit code for this account.",
      inputLabel: "Authentication code",
      inputMode: "numeric",
      autoComplete: "one-time-code",
      placeholder: "123 456",
      maxLength: 7,
    };
  },
  async verify(ctx, input) {
    return (await acceptCode(ctx.userId, input, { confirmed: true })) ? { ok: true } : { ok: false };
  },
  setup: {
    atLogin: true,
    async begin(ctx) {
      const view = await beginTotpSetup(ctx);
      if (!view) throw new Error("An authenticator app is already set up for this account.");
      return view;
    },
    finish: finishTotpSetup,
  },
  forget: forgetTotp,
  forgetAll: forgetAllTotp,
};
