"use client";
import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { finishLoginSetupAction } from "./actions";

export function LoginSetupForm(props: { providerId: string; next: string; inputLabel: string; inputMode: "numeric" | "text"; maxLength: number }) {
  const [state, action] = useActionState(finishLoginSetupAction.bind(null, props.providerId, props.next), null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <Field label={props.inputLabel} name="code" inputMode={props.inputMode} autoComplete="one-time-code" maxLength={props.maxLength} required error={state && !state.ok ? state.message : undefined} />
      <SubmitButton className="w-full" pendingText="Checking…">
        Verify and continue
      </SubmitButton>
    </form>
  );
}
