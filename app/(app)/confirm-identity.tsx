"use client";
import { useActionState, useEffect, useRef } from "react";
import { confirmIdentityAction } from "@/app/(app)/settings/security/confirm-actions";
import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/**
 * Sudo mode's dialog. Render it when an action answered `sudo_required`; on
 * success it calls `onConfirmed` (typically: submit the original form again).
 */
export function ConfirmIdentityDialog({ onConfirmed, onCancel }: { onConfirmed: () => void; onCancel: () => void }) {
  const [state, action] = useActionState(confirmIdentityAction, null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (state?.ok) onConfirmed();
  }, [state, onConfirmed]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="confirm-identity-title"
      onCancel={onCancel}
      className="m-auto w-full max-w-sm rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40"
    >
      <form action={action} className="space-y-4">
        <h2 id="confirm-identity-title" className="text-lg font-semibold">
          Confirm it&apos;s you
        </h2>
        <p className="text-sm text-slate-600">This is a sensitive change. Enter your password to continue; you won&apos;t be asked again for 15 minutes.</p>
        {state && !state.ok ? <Alert>{state.message}</Alert> : null}
        <Field label="Your password" name="password" id="confirm-identity-password" type="password" autoComplete="current-password" required autoFocus />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <SubmitButton pendingText="Checking…">Confirm</SubmitButton>
        </div>
      </form>
    </dialog>
  );
}
