"use client";
import { startTransition, useActionState, useCallback, useRef, useState } from "react";
import { ConfirmIdentityDialog } from "@/app/(app)/confirm-identity";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { AppPasswordScopeFields } from "@/components/app-password-scope";
import { Field } from "@/components/ui/field";
import { createAppPasswordAction } from "./actions";
import { AppPasswordReveal } from "./app-password-reveal";

/**
 * "Create app password": a name, a scope and, when there are protected apps, which of them. Sensitive, so it may first ask the
 * user to confirm it's them, then submits the same input again. The result is
 * shown once; closing it remounts this form (new `key`), which drops the
 * password from memory for good.
 */
export function CreateAppPasswordForm({ apps = [], maxDays = null }: { apps?: string[]; maxDays?: number | null }) {
  const [round, setRound] = useState(0);
  const next = useCallback(() => setRound((r) => r + 1), []);
  return <CreateRound key={round} onClosed={next} apps={apps} maxDays={maxDays} />;
}

function CreateRound({ onClosed, apps, maxDays }: { onClosed: () => void; apps: string[]; maxDays: number | null }) {
  const [state, action] = useActionState(createAppPasswordAction, null);
  const lastInput = useRef<FormData | null>(null);
  const needsSudo = state !== null && !state.ok && state.error === "sudo_required";
  // The dialog is open while the latest answer is sudo_required and not yet dealt with (confirmed or cancelled).
  const [handled, setHandled] = useState<typeof state>(null);
  const confirming = needsSudo && handled !== state;
  const submit = (form: FormData) => {
    lastInput.current = form;
    action(form);
  };
  const resubmit = useCallback(() => {
    setHandled(state);
    const form = lastInput.current;
    if (form) startTransition(() => action(form));
  }, [action, state]);
  const cancel = useCallback(() => setHandled(state), [state]);

  if (state?.ok && "reveal" in state) return <AppPasswordReveal reveal={state.reveal} onClose={onClosed} />;
  const failed = state && !state.ok && !needsSudo ? state : null;
  return (
    <>
      <form action={submit} aria-label="Create app password" className="space-y-4" noValidate>
        {failed && !failed.fields ? <Alert>{failed.message}</Alert> : null}
        <Field
          label="App or device name"
          name="name"
          placeholder="DAVx⁵ on my phone"
          hint="So you can tell your app passwords apart later."
          defaultValue={state && !state.ok ? state.values?.name : undefined}
          error={failed?.fields?.name}
          required
        />
        <AppPasswordScopeFields apps={apps} appsError={failed?.fields?.apps} />
        <div className="space-y-1">
          <label htmlFor="app-password-expiry" className="block text-sm font-medium text-slate-800">
            Expires
          </label>
          <select id="app-password-expiry" name="expiresInDays" className="block rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300">
            <option value="never">Never{maxDays ? ` (shortened to ${maxDays} days by your administrator)` : ""}</option>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="365">In 1 year</option>
          </select>
          {failed?.fields?.expiresInDays ? <p className="text-sm text-red-600">{failed.fields.expiresInDays}</p> : null}
        </div>
        <SubmitButton pendingText="Creating…">Create app password</SubmitButton>
      </form>
      {confirming ? <ConfirmIdentityDialog onConfirmed={resubmit} onCancel={cancel} /> : null}
    </>
  );
}
