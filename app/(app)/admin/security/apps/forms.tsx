"use client";
import { SudoForm } from "@/app/(app)/sudo-form";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Checkbox, Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms";
import { addAppAction, removeAppAction } from "./actions";

function Message({ state }: { state: FormState }) {
  if (!state) return null;
  return state.ok ? <Alert tone="success">{state.message}</Alert> : <Alert>{state.message}</Alert>;
}

export function AddAppForm() {
  return (
    <SudoForm action={addAppAction} className="space-y-3">
      {(state) => {
        const values = state && !state.ok ? state.values : undefined;
        return (
          <>
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Name" name="name" placeholder="calendar" defaultValue={values?.name} required />
              <Field label="URL" name="url" placeholder="https://cal.example.org or https://example.org/wiki" defaultValue={values?.url} required />
              <Field
                label="Allowed groups"
                name="groups"
                hint="Comma-separated; with no groups or users, every user may enter."
                defaultValue={values?.groups}
              />
              <Field label="Allowed users" name="users" hint="Logins, comma-separated." defaultValue={values?.users} />
            </div>
            <fieldset className="flex flex-wrap gap-4 text-sm">
              <legend className="text-sm font-medium">App passwords</legend>
              {[
                ["full", "Full access"],
                ["read_only", "Read-only"],
                ["none", "Not accepted (browsers only)"],
              ].map(([value, label]) => (
                <label key={value} className="flex items-center gap-2">
                  <input type="radio" name="clients" value={value} defaultChecked={value === "full"} />
                  {label}
                </label>
              ))}
            </fieldset>
            <Checkbox name="public" label="Public: let everyone in without signing in" />
            <Checkbox name="phishing_resistant" label="Require a security key or passkey sign-in (phishing resistant; app passwords are then refused)" />
            <Message state={state} />
            <SubmitButton pendingText="Adding…">Add protected app</SubmitButton>
          </>
        );
      }}
    </SudoForm>
  );
}

export function RemoveAppForm({ name }: { name: string }) {
  return (
    <SudoForm action={removeAppAction} className="flex items-center gap-2">
      {(state) => (
        <>
          <input type="hidden" name="name" value={name} />
          <SubmitButton variant="secondary" aria-label={`Remove ${name}`} pendingText="Removing…">
            Remove
          </SubmitButton>
          {state && !state.ok ? <span className="text-xs text-red-600">{state.message}</span> : null}
        </>
      )}
    </SudoForm>
  );
}
