"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Checkbox, Field } from "@/components/ui/field";
import { changePasswordAction } from "./actions";

export function PasswordForm() {
  const [state, action] = useActionState(changePasswordAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} aria-label="Change password" className="max-w-md space-y-4" noValidate>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {failed && !failed.fields ? <Alert>{failed.message}</Alert> : null}
      <Field label="Current password" name="current" type="password" autoComplete="current-password" required error={failed?.fields?.current} />
      <Field
        label="New password"
        name="next"
        type="password"
        autoComplete="new-password"
        required
        error={failed?.fields?.next}
        hint="At least 10 characters. A passphrase of several words works well; common passwords and your own name are refused."
      />
      <Field label="Repeat the password" name="repeat" type="password" autoComplete="new-password" required error={failed?.fields?.repeat} />
      <Checkbox label="Also revoke all app passwords" name="revokeAppPasswords" defaultChecked />
      <SubmitButton pendingText="Changing password…">Change password</SubmitButton>
    </form>
  );
}
