"use client";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { revokeDeviceAction } from "./actions";

/**
 * Revokes one session (one click) or app password (after a confirmation, since
 * the app using it stops working). Only the token id is sent.
 */
export function RevokeForm({ id, name, kind }: { id: number; name: string; kind: "session" | "app_password" }) {
  const [state, action] = useActionState(revokeDeviceAction, null);
  // The confirmation stays open until the action answers: it was opened for the state before.
  const [openedFor, setOpenedFor] = useState<{ state: typeof state } | null>(null);
  const confirming = openedFor !== null && openedFor.state === state;
  return (
    <div className="space-y-2">
      {kind === "session" ? (
        <form action={action}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton variant="secondary" pendingText="Revoking…" aria-label={`Revoke ${name}`}>
            Revoke
          </SubmitButton>
        </form>
      ) : (
        <Button variant="secondary" aria-label={`Revoke ${name}`} onClick={() => setOpenedFor({ state })}>
          Revoke
        </Button>
      )}
      {confirming ? <ConfirmRevoke id={id} name={name} action={action} onCancel={() => setOpenedFor(null)} /> : null}
      {state && !state.ok ? <Alert>{state.message}</Alert> : null}
    </div>
  );
}

function ConfirmRevoke({ id, name, action, onCancel }: { id: number; name: string; action: (form: FormData) => void; onCancel: () => void }) {
  return (
    <Modal labelledBy={`revoke-${id}-title`} onCancel={onCancel}>
      <form action={action} className="space-y-4">
        <input type="hidden" name="id" value={id} />
        <h2 id={`revoke-${id}-title`} className="text-lg font-semibold">
          Revoke this app password?
        </h2>
        <p className="text-sm text-slate-600">
          <strong className="font-semibold text-slate-900">{name}</strong> stops working at once. The app using it will have to be signed in again with a new
          app password.
        </p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <SubmitButton variant="danger" pendingText="Revoking…">
            Revoke app password
          </SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
