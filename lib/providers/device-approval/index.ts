import "server-only";
import type { SecondFactorProvider } from "@/lib/two-factor/provider-api";
import { APPROVAL_ID, APPROVAL_NAME, forgetAllApprovals, forgetApprovals, redeemApproval, sendRequest } from "./store";

/**
 * Approval from another signed-in browser (issue #19). It has its own challenge
 * page (app/(auth)/login/challenge/device_approval: the number, "Check", and the
 * answer learnt by polling) and its own settings panel; `verify` only redeems an
 * approval given on a signed-in browser for this very sign-in.
 *
 * The method it records is "msg": the request travels out of band, to another
 * device, and comes back as the user's answer there — like a code sent over a
 * message channel, and like one, phishable (a look-alike site can show the user
 * the number it was given), so it never counts as phishing resistant. Not "otp":
 * nothing is typed.
 */
export const deviceApprovalProvider: SecondFactorProvider = {
  id: APPROVAL_ID,
  displayName: "Approve on a signed-in device",
  description: "Confirm the sign-in on a browser where you are already signed in, by choosing the number shown here.",
  icon: "M12 18h.01M8 21h8a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2Zm1-11 2 2 4-4",
  kind: "factor",
  method: "msg",
  factorName: APPROVAL_NAME,
  async challengeView() {
    return {
      prompt: "Approve this sign-in on a browser where you are signed in.",
      inputLabel: "Approval",
      inputMode: "text",
      autoComplete: "off",
      maxLength: 8,
    };
  },
  beginChallenge: sendRequest,
  async verify(ctx) {
    return redeemApproval(ctx);
  },
  forget: forgetApprovals,
  forgetAll: forgetAllApprovals,
};
