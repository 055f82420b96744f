import "server-only";
import type { SecondFactorProvider } from "@/lib/two-factor/provider-api";
import { BACKUP_CODES_ID, BACKUP_CODES_NAME, forgetAllCodes, forgetCodes, useCode } from "./store";

/** One-time recovery codes. A recovery provider: having them never turns 2FA on. */
export const backupCodesProvider: SecondFactorProvider = {
  id: BACKUP_CODES_ID,
  displayName: "Backup code",
  description: "One of the ten single-use codes you saved when you set up two-factor authentication.",
  icon: "M15 7a2 2 0 0 1 2 2m4 0a6 6 0 0 1-7.743 5.743L11 17H9v2H7v2H4a1 1 0 0 1-1-1v-2.586a1 1 0 0 1 .293-.707l5.964-5.964A6 6 0 1 1 21 9Z",
  kind: "recovery",
  method: "recovery",
  factorName: BACKUP_CODES_NAME,
  async challengeView() {
    return {
      prompt: "Enter one of your backup codes. Each code works once.",
      inputLabel: "Backup code",
      inputMode: "text",
      autoComplete: "off",
      placeholder: "XXXXX-XXXXX",
      maxLength: 24,
    };
  },
  async verify(ctx, input) {
    return (await useCode(ctx.userId, input)) ? { ok: true } : { ok: false, message: "That backup code is not right or was used already." };
  },
  forget: forgetCodes,
  forgetAll: forgetAllCodes,
};
