"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Checkbox, Field } from "@/components/ui/field";
import { loginAction } from "./actions";

/** `passkeys`: the login field also offers this site's passkeys (autofill, conditional mediation). */
export function LoginForm({ next, notice, passkeys = false }: { next: string; notice?: string; passkeys?: boolean }) {
  const [state, action] = useActionState(loginAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="space-y-4" noValidate>
      {failed ? <Alert>{failed.message}</Alert> : notice ? <Alert tone="info">{notice}</Alert> : null}
      <input type="hidden" name="next" value={next} />
      <Field
        label="Login name"
        name="login"
        autoComplete={passkeys ? "username webauthn" : "username"}
        required
        autoFocus
        defaultValue={failed?.values?.login}
      />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Checkbox label="Keep me signed in on this device" name="remember" />
      <SubmitButton className="w-full" pendingText="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
