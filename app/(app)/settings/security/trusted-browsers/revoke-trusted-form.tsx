"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { revokeTrustedBrowserAction } from "./actions";

/** Forgets one trusted browser (one click: it only makes that browser ask for the second factor again). */
export function RevokeTrustedForm({ id, name }: { id: number; name: string }) {
  const [state, action] = useActionState(revokeTrustedBrowserAction, null);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="secondary" pendingText="Removing…" aria-label={`Stop trusting ${name}`}>
        Stop trusting
      </SubmitButton>
      {state && !state.ok ? <Alert>{state.message}</Alert> : null}
    </form>
  );
}
