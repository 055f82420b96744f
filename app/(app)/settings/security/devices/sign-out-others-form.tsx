"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { revokeOtherSessionsAction } from "./actions";

/** Ends every browser session of the user except this one (app passwords stay), and forgets every trusted browser. */
export function SignOutOthersForm({ others, trusted = 0 }: { others: number; trusted?: number }) {
  const [state, action] = useActionState(revokeOtherSessionsAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      {others > 0 || trusted > 0 ? (
        <SubmitButton variant="secondary" pendingText="Signing out…">
          Sign out all other sessions
        </SubmitButton>
      ) : (
        <Button variant="secondary" disabled>
          Sign out all other sessions
        </Button>
      )}
      {others === 0 && trusted === 0 && !state ? <span className="text-sm text-slate-500">No other browser is signed in.</span> : null}
      {state ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
    </form>
  );
}
