"use client";
import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { SudoForm } from "@/app/(app)/sudo-form";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { addKeyAction, keyOptionsAction, removeKeyAction, renameKeyAction, type KeyOptionsState } from "./actions";

/**
 * "Add a security key": the server's options (sudo), the browser's
 * navigator.credentials.create (startRegistration), then the answer back to the
 * server, which checks and stores it under the name given.
 */
export function AddKeyForm() {
  const router = useRouter();
  const done = useRef<KeyOptionsState>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  async function register(state: KeyOptionsState) {
    if (!state || !state.ok || !("options" in state) || done.current === state) return;
    done.current = state;
    setResult(null);
    let answer;
    try {
      answer = await startRegistration({ optionsJSON: state.options as PublicKeyCredentialCreationOptionsJSON });
    } catch (error) {
      const name = (error as Error).name;
      setResult({
        ok: false,
        message:
          name === "InvalidStateError" ? "This key is already registered." : "The key was not added (cancelled, timed out, or not supported by this browser).",
      });
      return;
    }
    const form = new FormData();
    form.set("name", state.name);
    form.set("response", JSON.stringify(answer));
    if (state.passkey) form.set("passkey", "on");
    const added = await addKeyAction(null, form);
    setResult(added?.ok ? { ok: true, message: added.message ?? "Added." } : { ok: false, message: added?.message ?? "The key was not added." });
    router.refresh();
  }

  return (
    <SudoForm<KeyOptionsState> action={keyOptionsAction} onDone={register} className="space-y-3">
      {(state) => (
        <>
          {result ? (
            <p role={result.ok ? "status" : "alert"} className={`text-sm ${result.ok ? "text-emerald-700" : "text-red-700"}`}>
              {result.message}
            </p>
          ) : null}
          {state && !state.ok && !state.fields ? <Alert>{state.message}</Alert> : null}
          <div className="w-64">
            <Field
              label="Key name"
              id="webauthn-key-name"
              name="name"
              maxLength={64}
              required
              placeholder="YubiKey on my keyring"
              error={state && !state.ok ? state.fields?.name : undefined}
            />
          </div>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="passkey" className="h-4 w-4 rounded border-slate-300" />
            Passkey: lets me sign in with this key alone (it checks my PIN, fingerprint or face)
          </label>
          <SubmitButton variant="secondary" pendingText="Waiting for your key…">
            Add security key
          </SubmitButton>
        </>
      )}
    </SudoForm>
  );
}

export function RenameKeyForm({ id, name }: { id: string; name: string }) {
  return (
    <SudoForm action={renameKeyAction} className="flex flex-wrap items-end gap-2">
      {(state) => (
        <>
          <input type="hidden" name="id" value={id} />
          <div className="w-48">
            <Field
              label={`New name for ${name}`}
              id={`rename-${id}`}
              name="name"
              maxLength={64}
              required
              defaultValue={name}
              error={state && !state.ok ? state.message : undefined}
            />
          </div>
          <SubmitButton variant="ghost" pendingText="Saving…">
            Rename
          </SubmitButton>
        </>
      )}
    </SudoForm>
  );
}

export function RemoveKeyForm({ id, name }: { id: string; name: string }) {
  return (
    <SudoForm action={removeKeyAction}>
      {(state) => (
        <>
          <input type="hidden" name="id" value={id} />
          {state && !state.ok ? <Alert>{state.message}</Alert> : null}
          <SubmitButton variant="secondary" pendingText="Removing…" aria-label={`Remove ${name}`}>
            Remove
          </SubmitButton>
        </>
      )}
    </SudoForm>
  );
}
