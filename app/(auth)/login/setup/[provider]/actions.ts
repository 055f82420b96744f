"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientMeta } from "@/lib/auth/request-meta";
import { completeSignIn, readChallengeCookie } from "@/lib/auth/sign-in";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { failure } from "@/lib/errors";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { boundText, calledAsForm, formText, setupFields, type FormState } from "@/lib/forms";
import { finishLoginSetup, mustSetUpAtLogin, providersForLoginSetup } from "@/lib/two-factor/login-setup";

/** Finishes set-up at login; the sign-in completes and backup codes are offered next. */
export async function finishLoginSetupAction(providerId: string, next: string, _prev: FormState, form: FormData): Promise<FormState> {
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  if (!calledAsForm(form, [boundText, providerId], [boundText, next])) return failure("invalid_input");
  if (!(await mustSetUpAtLogin(pending))) redirect("/login/challenge");
  const provider = (await providersForLoginSetup(pending)).find((p) => p.id === providerId);
  if (!provider) return failure("not_found", "That method cannot be set up here.");
  const result = await finishLoginSetup(pending, provider, formText(form, "code"), clientMeta(await headers()), setupFields(form));
  if (!result.ok) return failure("invalid_input", result.message ?? "That is not right.", { code: result.message ?? "That is not right." });
  const secret = await readChallengeCookie();
  // Back to the protected app the browser came from (rd), else on to backup codes.
  const back = await safeReturnTo(next);
  const then = back.startsWith("/") ? "/settings/security?notice=factor-set-up#two-factor" : back;
  if (secret && (await completeSignIn(secret, pending.challenge.remember))) redirect(then);
  return failure("challenge_missing");
}
