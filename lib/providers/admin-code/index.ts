import "server-only";
import type { SecondFactorProvider } from "@/lib/two-factor/provider-api";
import { ADMIN_CODE_ID, ADMIN_CODE_NAME, forgetAdminCode, forgetAllAdminCodes, useAdminCode } from "./store";

/** A one-time code from an administrator, for a user who lost every factor. */
export const adminCodeProvider: SecondFactorProvider = {
  id: ADMIN_CODE_ID,
  displayName: "Code from your administrator",
  description: "A one-time code an administrator gave you after you lost access to your other methods.",
  icon: "M12 3l7 4v5c0 4.5-3 8-7 9-4-1-7-4.5-7-9V7l7-4Z",
  kind: "recovery",
  method: "recovery",
  promptsSetup: true,
  factorName: ADMIN_CODE_NAME,
  async challengeView() {
    return {
      prompt: "Enter the 8-digit one-time code your administrator gave you. Afterwards, set up a new second factor.",
      inputLabel: "Administrator code",
      inputMode: "numeric",
      autoComplete: "off",
      placeholder: "12345678",
      maxLength: 12,
    };
  },
  async verify(ctx, input) {
    return (await useAdminCode(ctx.userId, input)) ? { ok: true } : { ok: false, message: "That code is not right, was used already or has expired." };
  },
  forget: forgetAdminCode,
  forgetAll: forgetAllAdminCodes,
};
