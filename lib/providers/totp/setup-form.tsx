"use client";
import { useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { SudoForm } from "@/components/sudo-form";
import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { beginTotpSetupAction, confirmTotpSetupAction, disableTotpAction, type TotpSetupState } from "./actions";

type Enrolment = { uri: string; qr: string; secret: string };

export function TotpSetup() {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  if (!enrolment) {
    return (
      <SudoForm<TotpSetupState>
        action={beginTotpSetupAction}
        onDone={(s) => {
          if (s && s.ok && "uri" in s) setEnrolment({ uri: s.uri, qr: s.qr, secret: s.secret });
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
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>Open your authenticator app and add an account by scanning this QR code.</li>
        <li>Can&apos;t scan? Enter the key below by hand (time-based, 6 digits).</li>
        <li>Type the 6-digit code the app shows to finish.</li>
      </ol>
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={enrolment.qr} width={240} height={240} alt="QR code for your authenticator app" className="rounded border border-slate-200" />
      <div className="flex flex-wrap items-center gap-2">
        <code aria-label="Setup key" className="rounded bg-slate-100 px-2 py-1 font-mono text-sm tracking-wider">
          {enrolment.secret}
        </code>
        <CopyButton value={enrolment.secret.replace(/ /g, "")} label="Copy key" />
      </div>
      <SudoForm action={confirmTotpSetupAction} className="flex flex-wrap items-end gap-2">
        {(state) => (
          <>
            <div className="w-48">
              <Field label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required error={state && !state.ok ? state.fields?.code : undefined} />
            </div>
            <SubmitButton pendingText="Checking…">Verify and turn on</SubmitButton>
            <Button variant="ghost" onClick={() => setEnrolment(null)}>
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
