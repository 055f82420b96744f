"use client";
import { useSudoAction } from "@/app/(app)/sudo-action";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms";

/**
 * An admin setting that is a number of days (0: off, or no limit), saved under
 * sudo: the trusted browsers' days, the longest app-password lifetime. `action`
 * is the server action itself, never bound here (see forms.tsx).
 */
export function DaysSettingForm(props: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  name: string;
  label: string;
  hint: string;
  days: number | null;
  width: "w-56" | "w-72";
}) {
  const { state, run, remember, dialog } = useSudoAction(props.action);
  return (
    <>
      <form action={run} onSubmit={remember} className="flex flex-wrap items-end gap-3">
        <div className={props.width}>
          <Field
            label={props.label}
            name={props.name}
            inputMode="numeric"
            defaultValue={String(props.days ?? 0)}
            hint={props.hint}
            error={state && !state.ok ? state.fields?.[props.name] : undefined}
          />
        </div>
        <SubmitButton variant="secondary">Save</SubmitButton>
      </form>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : state && !state.fields ? <Alert>{state.message}</Alert> : null}
      {dialog}
    </>
  );
}
