"use client";
import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { setupFieldName, type FormState } from "@/lib/forms";
import type { SetupField } from "@/lib/two-factor/types";

/**
 * Set-up at sign-in for a provider answered by the browser (a security key):
 * the view's fields, then navigator.credentials.create with the page's options;
 * its JSON goes to finishLoginSetupAction as the code. A refused answer reloads
 * the page for fresh options (each is single use). `finish` is bound on the page.
 */
export function WebAuthnSetupForm({
  finish,
  options,
  fields,
}: {
  finish: (prev: FormState, form: FormData) => Promise<FormState>;
  options: object;
  fields: SetupField[];
}) {
  const router = useRouter();
  const [state, action, pending] = useActionState(finish, null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const seen = useRef<FormState>(null);
  useEffect(() => {
    if (state && !state.ok && seen.current !== state) {
      seen.current = state;
      router.refresh();
    }
  }, [state, router]);

  async function addKey() {
    setProblem(null);
    setBusy(true);
    try {
      const answer = await startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON });
      const data = new FormData(form.current ?? undefined);
      data.set("code", JSON.stringify(answer));
      startTransition(() => action(data));
    } catch (error) {
      setProblem(
        (error as Error).name === "InvalidStateError"
          ? "This key is already registered."
          : "The key was not added (cancelled, timed out, or not supported here).",
      );
    } finally {
      setBusy(false);
    }
  }

  const error = problem ?? (state && !state.ok ? state.message : null);
  return (
    <form ref={form} className="space-y-4" noValidate onSubmit={(e) => e.preventDefault()}>
      {fields.map((f) => (
        <Field key={f.name} label={f.label} name={setupFieldName(f.name)} hint={f.hint} maxLength={f.maxLength} autoComplete="off" required />
      ))}
      {error ? <Alert>{error}</Alert> : null}
      <Button className="w-full" onClick={addKey} disabled={busy || pending}>
        {busy || pending ? "Waiting for your key…" : "Add security key and continue"}
      </Button>
    </form>
  );
}
