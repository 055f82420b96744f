"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { setupAction } from "./actions";

export function SetupForm() {
  const [state, action] = useActionState(setupAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="space-y-4" noValidate>
      {failed && !failed.fields ? <Alert>{failed.message}</Alert> : null}
      <Field
        label="Login name"
        name="login"
        autoComplete="username"
        required
        autoFocus
        defaultValue={failed?.values?.login}
        error={failed?.fields?.login}
        hint="Letters a–z, digits and . _ @ -"
      />
      <Field label="Display name" name="displayName" autoComplete="name" defaultValue={failed?.values?.displayName} error={failed?.fields?.displayName} />
      <Field label="E-mail (optional)" name="email" type="email" autoComplete="email" defaultValue={failed?.values?.email} error={failed?.fields?.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={failed?.fields?.password}
        hint="At least 10 characters. A passphrase of several words works well; common passwords and your own name are refused."
      />
      <SubmitButton className="w-full" pendingText="Creating account…">
        Create admin account
      </SubmitButton>
    </form>
  );
}
