"use server";
import { headers } from "next/headers";
import { clientMeta } from "@/lib/auth/request-meta";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { boundText, calledAsForm, formText, type FormState } from "@/lib/forms";
import { decide, secureAccount } from "@/lib/providers/device-approval/store";

export type DecisionState = FormState | { ok: true; decision: "approved" | "denied" | "wrong_number" | "secured"; requestId: string };

/** "Is this you?": a number (approves only when it is the new sign-in's), or "deny". Only the signed-in user's own request. */
export async function decideAction(requestId: string, _prev: DecisionState, form: FormData): Promise<DecisionState> {
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form, [boundText, requestId])) return failure("invalid_input");
  const answer = formText(form, "answer").slice(0, 8);
  const decision = await decide(guard.session.user.id, requestId, answer, clientMeta(await headers()));
  // No revalidation: the page would drop the answered request, and with it the answer and "Secure my account".
  if (!decision) return failure("not_found", "That request was answered already or has expired.");
  return { ok: true, decision, requestId };
}

/** After a denial: "Secure my account" ends the refused sign-in, logs it and e-mails the owner. */
export async function secureAccountAction(requestId: string, _prev: DecisionState, form: FormData): Promise<DecisionState> {
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form, [boundText, requestId])) return failure("invalid_input");
  const done = await secureAccount(guard.session.user.id, requestId, clientMeta(await headers()));
  if (!done) return failure("not_found", "That request is not one you refused.");
  return { ok: true, decision: "secured", requestId };
}
