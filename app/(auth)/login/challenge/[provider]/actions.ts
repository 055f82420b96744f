"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cancelChallenge } from "@/lib/auth/challenge";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { clientMeta } from "@/lib/auth/request-meta";
import { clearChallengeCookie, completeSignIn, readChallengeCookie } from "@/lib/auth/sign-in";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { failure } from "@/lib/errors";
import { boundText, calledAsForm, formFlag, formText, type FormState } from "@/lib/forms";
import { trustThisBrowser } from "@/lib/auth/trust-cookie";
import { offeredProviders, providerContext, sendChallengeCode, solveChallenge } from "@/lib/two-factor/challenge-flow";

/** Checks an answer to the second-factor challenge; on success, signs in. */
export async function verifyChallengeAction(providerId: string, nextRaw: string, _prev: FormState, form: FormData): Promise<FormState> {
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  if (!calledAsForm(form, [boundText, providerId], [boundText, nextRaw])) return failure("invalid_input");
  const next = await safeReturnTo(nextRaw);
  const meta = clientMeta(await headers());
  const result = await solveChallenge(pending, providerId, formText(form, "code"), meta);
  const setupPage = `/login/setup${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`;
  // Proved it is them; a factor is still to be set up (a rule asks for a key, or their codes no longer count).
  if (result.ok && result.setupNext) redirect(setupPage);
  if (result.ok) {
    const secret = await readChallengeCookie();
    const then = result.promptsSetup ? "/settings/security?notice=set-up-factor#two-factor" : next;
    if (secret && (await completeSignIn(secret, pending.challenge.remember))) {
      // "Don't ask again on this browser" (issue #19); never after an administrator's one-time code.
      if (formFlag(form, "trust") && !result.promptsSetup) await trustThisBrowser(pending.user.id, meta);
      redirect(then);
    }
    return failure("challenge_missing");
  }
  if (result.reason === "setup_required") redirect(setupPage);
  if (result.reason === "locked") {
    await cancelChallenge(await readChallengeCookie());
    await clearChallengeCookie();
    redirect("/login?notice=locked");
  }
  return failure("invalid_credentials", result.message, { code: result.message });
}

/** "Send code": the provider sends this sign-in's first code — only on this POST, never when the page opens. */
export async function sendChallengeAction(providerId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  if (!calledAsForm(form, [boundText, providerId])) return failure("invalid_input");
  const result = await sendChallengeCode(pending, providerId, clientMeta(await headers()));
  return result.ok ? { ok: true } : failure("too_many_requests", result.message);
}

/** "Send a new code": the provider sends a new one for this sign-in (its own cooldown applies). */
export async function resendChallengeAction(providerId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  if (!calledAsForm(form, [boundText, providerId])) return failure("invalid_input");
  const provider = offeredProviders(pending).find((p) => p.id === providerId);
  if (!provider?.resendChallenge) return failure("not_found");
  const result = await provider.resendChallenge(providerContext(pending, clientMeta(await headers())));
  return result.ok ? { ok: true, message: result.message } : failure("too_many_requests", result.message);
}
