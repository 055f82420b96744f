"use client";
import { startTransition, useActionState, useCallback, useRef, useState } from "react";
import { ConfirmIdentityDialog } from "@/app/(app)/confirm-identity";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
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
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Access</legend>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:gap-6">
            <Choice name="scope" value="full" label="Full access" defaultChecked />
            <Choice name="scope" value="read_only" label="Read-only (the app can read, not change)" />
          </div>
        </fieldset>
        {apps.length ? (
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Protected apps it may reach</legend>
            <p className="text-xs text-slate-600">Tick none for every app.</p>
            <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
              {apps.map((app) => (
                <div key={app} className="flex items-center gap-2">
                  <input id={`apps-${app}`} type="checkbox" name="apps" value={app} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
                  <label htmlFor={`apps-${app}`} className="text-sm text-slate-700">
                    {app}
                  </label>
                </div>
              ))}
            </div>
            {failed?.fields?.apps ? <p className="mt-1 text-sm text-red-600">{failed.fields.apps}</p> : null}
          </fieldset>
        ) : null}
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

function Choice({ name, value, label, defaultChecked }: { name: string; value: string; label: string; defaultChecked?: boolean }) {
  const id = `${name}-${value}`;
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        type="radio"
        name={name}
        value={value}
        defaultChecked={defaultChecked}
        className="h-4 w-4 border-slate-300 text-indigo-600 focus:ring-indigo-600"
      />
      <label htmlFor={id} className="text-sm text-slate-700">
        {label}
      </label>
    </div>
  );
}
