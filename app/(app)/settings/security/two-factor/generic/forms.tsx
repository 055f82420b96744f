"use client";
import { useState } from "react";
import { SudoForm } from "@/app/(app)/sudo-form";
import { SetupInstructions } from "@/components/setup-view";
import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { setupFieldName, type FormState } from "@/lib/forms";
import type { SetupView } from "@/lib/two-factor/types";
import type { SetupState } from "./actions";

type Action<S> = (prev: S, form: FormData) => Promise<S>;

/** Set-up in two steps: begin shows the provider's SetupView; its fields and the code then finish it. */
export function SetupFlow({ providerId, begin, finish, name }: { providerId: string; begin: Action<SetupState>; finish: Action<FormState>; name: string }) {
  const [view, setView] = useState<SetupView | null>(null);
  if (!view) {
    return (
      <SudoForm<SetupState>
        action={begin}
        onDone={(s) => {
          if (s && s.ok && "view" in s) setView(s.view);
        }}
      >
        {(state) => (
          <>
            {state && !state.ok ? <Alert>{state.message}</Alert> : null}
            <SubmitButton pendingText="Preparing…">Set up {name}</SubmitButton>
          </>
        )}
      </SudoForm>
    );
  }
  return (
    <div className="space-y-4">
      <SetupInstructions view={view} />
      <SudoForm action={finish} className="space-y-3">
        {(state) => (
          <>
            {(view.fields ?? []).map((f) => (
              <div key={f.name} className="max-w-md">
                <Field
                  id={`${providerId}-${f.name}`}
                  label={f.label}
                  name={setupFieldName(f.name)}
                  hint={f.hint}
                  maxLength={f.maxLength}
                  autoComplete="off"
                  required
                />
              </div>
            ))}
            <div className="flex flex-wrap items-end gap-2">
              <div className="w-48">
                <Field
                  id={`${providerId}-code`}
                  label={view.inputLabel}
                  name="code"
                  inputMode={view.inputMode}
                  autoComplete="one-time-code"
                  maxLength={view.maxLength}
                  required
                />
              </div>
              <SubmitButton pendingText="Checking…">Verify and turn on</SubmitButton>
              <Button variant="ghost" onClick={() => setView(null)}>
                Cancel
              </Button>
            </div>
            {state && !state.ok ? <Alert>{state.message}</Alert> : null}
          </>
        )}
      </SudoForm>
    </div>
  );
}

export function TurnOffForm({ action, name }: { action: Action<FormState>; name: string }) {
  return (
    <SudoForm action={action}>
      {(state) => (
        <>
          {state && !state.ok ? <Alert>{state.message}</Alert> : null}
          <SubmitButton variant="secondary" pendingText="Turning off…">
            Turn off {name}
          </SubmitButton>
        </>
      )}
    </SudoForm>
  );
}
