"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { clientMeta } from "@/lib/auth/request-meta";
import { cancelChallenge } from "@/lib/auth/challenge";
import { clearChallengeCookie, completeSignIn, readChallengeCookie } from "@/lib/auth/sign-in";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { failure } from "@/lib/errors";
import { boundText, calledAsForm, type FormState } from "@/lib/forms";
import { APPROVAL_ID, requestOf, statusOf } from "@/lib/providers/device-approval/store";
import { sendChallengeCode, solveChallenge } from "@/lib/two-factor/challenge-flow";

/** "Ask for approval": sends this sign-in's request to the signed-in browsers (rate-limited in the provider). */
export async function sendApprovalAction(_prev: FormState, form: FormData): Promise<FormState> {
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  if (!calledAsForm(form)) return failure("invalid_input");
  const result = await sendChallengeCode(pending, APPROVAL_ID, clientMeta(await headers()));
  return result.ok ? { ok: true } : failure("too_many_requests", result.message);
}

/**
 * "Check": signs in once the request was approved. While it is still waiting
 * nothing is counted (no attempt is used); an approved one goes through the core
 * like any answer (attempt, throttle, consumed once).
 */
export async function checkApprovalAction(nextRaw: string, _prev: FormState, form: FormData): Promise<FormState> {
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  if (!calledAsForm(form, [boundText, nextRaw])) return failure("invalid_input");
  const next = await safeReturnTo(nextRaw);
  const status = statusOf(await requestOf(pending.challenge.id));
  if (status === "pending") return failure("invalid_credentials", "Not answered yet: choose the number on your signed-in device, then check again.");
  if (status !== "approved")
    return failure(
      "invalid_credentials",
      status === "denied" ? "The sign-in was refused on your signed-in device." : "The request expired. Ask again, or try another way.",
    );
  const result = await solveChallenge(pending, APPROVAL_ID, "approved", clientMeta(await headers()));
  if (result.ok && result.setupNext) redirect(`/login/setup${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`);
  if (result.ok) {
    const secret = await readChallengeCookie();
    if (secret && (await completeSignIn(secret, pending.challenge.remember))) redirect(next);
    return failure("challenge_missing");
  }
  if (result.reason === "locked") {
    await cancelChallenge(await readChallengeCookie());
    await clearChallengeCookie();
    redirect("/login?notice=locked");
  }
  return failure("invalid_credentials", result.message);
}
