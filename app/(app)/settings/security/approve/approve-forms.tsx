"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import type { DecisionState } from "./actions";

type Action = (prev: DecisionState, form: FormData) => Promise<DecisionState>;

/** The three numbers and "No, it's not me"; after a refusal, "Secure my account". Both actions are bound on the page. */
export function DecisionForms({ choices, decide, secure }: { choices: string[]; decide: Action; secure: Action }) {
  const [state, action] = useActionState(decide, null);
  const [secured, secureIt] = useActionState(secure, null);
  if (secured && secured.ok && "decision" in secured) {
    return <Alert tone="success">That sign-in was stopped. Change your password now: whoever tried knows it.</Alert>;
  }
  if (state && state.ok && "decision" in state) {
    if (state.decision === "approved") return <Alert tone="success">Approved: the new sign-in continues.</Alert>;
    return (
      <div className="space-y-3">
        <Alert>{state.decision === "wrong_number" ? "That was not the number shown: the sign-in was refused." : "The sign-in was refused."}</Alert>
        <form action={secureIt}>
          <SubmitButton variant="danger">Secure my account</SubmitButton>
        </form>
        {secured && !secured.ok ? <Alert>{secured.message}</Alert> : null}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">Choose the number the new sign-in shows:</p>
      <div className="flex flex-wrap gap-3">
        {choices.map((n) => (
          <form key={n} action={action}>
            <input type="hidden" name="answer" value={n} />
            <SubmitButton variant="secondary" className="w-20 font-mono text-xl">
              {n}
            </SubmitButton>
          </form>
        ))}
        <form action={action}>
          <input type="hidden" name="answer" value="deny" />
          <SubmitButton variant="danger">No, it&apos;s not me</SubmitButton>
        </form>
      </div>
      {state && !state.ok ? <Alert>{state.message}</Alert> : null}
    </div>
  );
}
