"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { revokeAppPasswordsBeforeFactorAction } from "./actions";

/**
 * After a second factor is turned on: "these app passwords were made before —
 * revoke them?", with their number and one button. It stays mounted while the
 * list empties, so its answer remains visible.
 */
export function OldAppPasswordsNotice({ count }: { count: number }) {
  const [state, action] = useActionState(revokeAppPasswordsBeforeFactorAction, null);
  if (state) return <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert>;
  if (count === 0) return null;
  const them = count === 1 ? "1 app password" : `${count} app passwords`;
  return (
    <form
      action={action}
      aria-label="App passwords made before two-factor authentication"
      className="space-y-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
    >
      <p>
        You have {them} made before two-factor authentication was on. App passwords skip the second factor, so anyone who knew your password then could have
        made one. Revoke {count === 1 ? "it" : "them"}? Your apps will then need new app passwords.
      </p>
      <SubmitButton variant="secondary" pendingText="Revoking…">
        Revoke {them}
      </SubmitButton>
    </form>
  );
}
