"use client";
import { useState } from "react";
import { SetupInstructions } from "@/components/setup-view";
import { SudoForm } from "@/app/(app)/sudo-form";
import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { SetupView } from "@/lib/two-factor/types";
import { beginTotpSetupAction, confirmTotpSetupAction, disableTotpAction, type TotpSetupState } from "./actions";

export function TotpSetup() {
  const [view, setView] = useState<SetupView | null>(null);
  if (!view) {
    return (
      <SudoForm<TotpSetupState>
        action={beginTotpSetupAction}
        onDone={(s) => {
          if (s && s.ok && "view" in s) setView(s.view);
        }}
      >
        {(state) => (
          <>
            {state && !state.ok ? <Alert>{state.message}</Alert> : null}
            <SubmitButton pendingText="Preparing…">Set up authenticator app</SubmitButton>
          </>
        )}
      </SudoForm>
    );
  }
  return (
    <div className="space-y-4" data-testid="totp-enrolment">
      <SetupInstructions view={view} />
      <SudoForm action={confirmTotpSetupAction} className="flex flex-wrap items-end gap-2">
        {(state) => (
          <>
            <div className="w-48">
              <Field
                label={view.inputLabel}
                name="code"
                inputMode={view.inputMode}
                autoComplete="one-time-code"
                maxLength={view.maxLength}
                required
                error={state && !state.ok ? state.fields?.code : undefined}
              />
            </div>
            <SubmitButton pendingText="Checking…">Verify and turn on</SubmitButton>
            <Button variant="ghost" onClick={() => setView(null)}>
              Cancel
            </Button>
            {state && !state.ok && !state.fields ? <Alert>{state.message}</Alert> : null}
          </>
        )}
      </SudoForm>
    </div>
  );
}

export function TotpDisableForm() {
  return (
    <SudoForm action={disableTotpAction}>
      {(state) => (
        <>
          {state && !state.ok ? <Alert>{state.message}</Alert> : null}
          <SubmitButton variant="secondary" pendingText="Turning off…">
            Turn off authenticator app
          </SubmitButton>
        </>
      )}
    </SudoForm>
  );
}
