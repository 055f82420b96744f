"use server";
import { headers } from "next/headers";
import "@/lib/plugins"; // the composition root: hands the core its providers
import { redirect } from "next/navigation";
import { startChallenge } from "@/lib/auth/challenge";
import { clientMeta } from "@/lib/auth/request-meta";
import { completeSignIn } from "@/lib/auth/sign-in";
import { isThrottled } from "@/lib/auth/attempts";
import { throttled } from "@/lib/auth/throttle";
import { failure } from "@/lib/errors";
import { boundText, calledAsForm, formText, type FormState } from "@/lib/forms";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { passkeyOptions, passkeySignInEnabled, passkeyUser } from "@/lib/providers/webauthn/passkey";
import { clearPasskeyBrowser, passkeyBrowser, passkeyBrowserForRequest } from "@/lib/providers/webauthn/passkey-cookie";

export type PasskeyOptionsState = FormState | { ok: true; options: object };

const switchedOff = () => failure("not_found", "Signing in with a passkey is turned off on this server. Sign in with your password.");

/**
 * A fresh passkey request (single use, 5 minutes) for "Sign in with a passkey" or the login field's autofill,
 * bound to this browser (it replaces the browser's previous one); refused while this address holds too many.
 */
export async function passkeyOptionsAction(): Promise<PasskeyOptionsState> {
  if (!(await passkeySignInEnabled())) return switchedOff();
  const meta = clientMeta(await headers());
  const options = await passkeyOptions(await passkeyBrowserForRequest(), meta.ip);
  if (!options) return failure("too_many_requests", "Too many passkey requests from this address. Sign in with your password, or try again in a few minutes.");
  return { ok: true, options };
}

/**
 * Signs in with a passkey alone: a verified answer from a user-verified passkey
 * to this browser's request is both factors, so the login challenge starts
 * solved, with methods "passkey", and is redeemed like any other. Throttled per
 * address like second-factor answers.
 */
export async function passkeySignInAction(nextRaw: string, _prev: FormState, form: FormData): Promise<FormState> {
  if (!calledAsForm(form, [boundText, nextRaw])) return failure("invalid_input");
  if (!(await passkeySignInEnabled())) return switchedOff();
  const meta = clientMeta(await headers());
  const browser = await passkeyBrowser();
  const outcome = await throttled("second_factor", { address: meta.ip }, () => passkeyUser(formText(form, "response"), browser, meta));
  if (isThrottled(outcome)) return failure("too_many_requests", outcome.message);
  if (!outcome.ok) return failure("invalid_credentials", outcome.message);
  await clearPasskeyBrowser();
  const challenge = await startChallenge({ userId: outcome.userId, remember: false, meta, verified: true, methods: "passkey" });
  if (!(await completeSignIn(challenge, false))) return failure("invalid_credentials", "That passkey was not accepted. Sign in with your password.");
  redirect(await safeReturnTo(nextRaw));
}
