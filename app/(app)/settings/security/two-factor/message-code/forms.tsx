"use client";
import { useState } from "react";
import { SudoForm } from "@/app/(app)/sudo-form";
import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { confirmSetupCodeAction, disableMessageCodeAction, sendSetupCodeAction, type SendState } from "./actions";

type SetupProps = {
  providerId: string;
  channelName: string;
  label: string;
  placeholder: string;
  hint: string;
  inputMode: "tel" | "email" | "text" | "numeric";
  defaultValue: string;
  /** Already on: offer to move codes to another recipient. */
  change?: boolean;
};

/** Set-up in two steps: where to send (a code goes there), then that code. */
export function MessageCodeSetup(props: SetupProps) {
  const [open, setOpen] = useState(!props.change);
  const [sentTo, setSentTo] = useState<string | null>(null);
  if (!open) {
    return (
      <Button variant="ghost" onClick={() => setOpen(true)}>
        Send codes somewhere else
      </Button>
    );
  }
  if (!sentTo) {
    return (
      <SudoForm<SendState>
        action={sendSetupCodeAction.bind(null, props.providerId)}
        className="space-y-3"
        onDone={(s) => {
          if (s && s.ok && "masked" in s) setSentTo(s.masked);
        }}
      >
        {(state) => (
          <>
            {state && !state.ok && !state.fields ? <Alert>{state.message}</Alert> : null}
            <div className="max-w-sm">
              <Field
                id={`${props.providerId}-recipient`}
                label={props.label}
                name="recipient"
                type={props.inputMode === "email" ? "email" : props.inputMode === "tel" ? "tel" : "text"}
                inputMode={props.inputMode}
                placeholder={props.placeholder}
                defaultValue={state && !state.ok ? (state.values?.recipient ?? props.defaultValue) : props.defaultValue}
                hint={props.hint}
                maxLength={256}
                autoComplete="off"
                required
                error={state && !state.ok ? state.fields?.recipient : undefined}
              />
            </div>
            <div className="flex gap-2">
              <SubmitButton pendingText="Sending…">Send code via {props.channelName}</SubmitButton>
              {props.change ? (
                <Button variant="ghost" onClick={() => setOpen(false)}>
                  Cancel
                </Button>
              ) : null}
            </div>
          </>
        )}
      </SudoForm>
    );
  }
  return (
    <SudoForm action={confirmSetupCodeAction.bind(null, props.providerId)} className="space-y-3">
      {(state) => (
        <>
          <p role="status" className="text-sm text-slate-700">
            We sent a code via {props.channelName} to {sentTo}. It is valid for 10 minutes.
          </p>
          {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
          <div className="flex flex-wrap items-end gap-2">
            <div className="w-48">
              <Field
                id={`${props.providerId}-code`}
                label="Verification code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                required
                error={state && !state.ok ? state.message : undefined}
              />
            </div>
            <SubmitButton pendingText="Checking…">Verify and turn on</SubmitButton>
            <Button variant="ghost" onClick={() => setSentTo(null)}>
              Start over
            </Button>
          </div>
        </>
      )}
    </SudoForm>
  );
}

export function MessageCodeDisableForm({ providerId, channelName }: { providerId: string; channelName: string }) {
  return (
    <SudoForm action={disableMessageCodeAction.bind(null, providerId)}>
      {(state) => (
        <>
          {state && !state.ok ? <Alert>{state.message}</Alert> : null}
          <SubmitButton variant="secondary" pendingText="Turning off…">
            Turn off {channelName} codes
          </SubmitButton>
        </>
      )}
    </SudoForm>
  );
}
