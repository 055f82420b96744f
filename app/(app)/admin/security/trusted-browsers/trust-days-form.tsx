"use client";
import { useSudoAction } from "@/app/(app)/sudo-action";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { trustDaysAction } from "./actions";

/** The admin's setting for trusted browsers: a number of days (1–90), or 0 / empty for off. */
export function TrustDaysForm({ days }: { days: number | null }) {
  const { state, run, remember, dialog } = useSudoAction(trustDaysAction);
  return (
    <>
      <form action={run} onSubmit={remember} className="flex flex-wrap items-end gap-3">
        <div className="w-56">
          <Field
            label="Trust a browser for (days)"
            name="days"
            inputMode="numeric"
            defaultValue={days === null ? "0" : String(days)}
            hint="1–90; 0 turns it off."
            error={state && !state.ok ? state.fields?.days : undefined}
          />
        </div>
        <SubmitButton variant="secondary">Save</SubmitButton>
      </form>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {dialog}
    </>
  );
}
