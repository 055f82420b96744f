"use client";
import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { setupFieldName, type FormState } from "@/lib/forms";
import type { SetupField } from "@/lib/two-factor/types";

/** `finish` is finishLoginSetupAction bound on the page (see ChallengeForm for why never here). */
export function LoginSetupForm(props: {
  finish: (prev: FormState, form: FormData) => Promise<FormState>;
  fields: SetupField[];
  inputLabel: string;
  inputMode: "numeric" | "text";
  maxLength: number;
}) {
  const [state, action] = useActionState(props.finish, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      {props.fields.map((f) => (
        <Field key={f.name} label={f.label} name={setupFieldName(f.name)} hint={f.hint} maxLength={f.maxLength} autoComplete="off" required />
      ))}
      <Field
        label={props.inputLabel}
        name="code"
        inputMode={props.inputMode}
        autoComplete="one-time-code"
        maxLength={props.maxLength}
        required
        error={state && !state.ok ? state.message : undefined}
      />
      <SubmitButton className="w-full" pendingText="Checking…">
        Verify and continue
      </SubmitButton>
    </form>
  );
}
