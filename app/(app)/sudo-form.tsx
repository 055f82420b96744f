"use client";
import { startTransition, useActionState, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { ConfirmIdentityDialog } from "@/app/(app)/confirm-identity";
import type { FormState } from "@/lib/forms";

type Action<S> = (prev: S, form: FormData) => Promise<S>;

/**
 * A form whose action may answer `sudo_required`: the confirm-it's-you dialog
 * opens, and once confirmed the same submission is sent again — with the data
 * first submitted, since React resets a form after its action runs. `children`
 * gets the latest state to render messages or results.
 */
export function SudoForm<S extends FormState | (FormState & Record<string, unknown>)>({
  action,
  children,
  className,
  onDone,
}: {
  action: Action<S>;
  children: (state: S | null, pending: boolean) => ReactNode;
  className?: string;
  onDone?: (state: S) => void;
}) {
  const submitted = useRef<FormData | null>(null);
  const [state, formAction, pending] = useActionState<S | null, FormData>((prev, data) => {
    submitted.current = data;
    return (action as Action<S | null>)(prev, data);
  }, null);
  // The dialog is open while the latest answer is sudo_required and not yet dealt with (confirmed or cancelled).
  const [handled, setHandled] = useState<S | null>(null);
  const confirming = state !== null && !state.ok && state.error === "sudo_required" && handled !== state;
  useEffect(() => {
    if (state?.ok) onDone?.(state);
  }, [state, onDone]);
  const resubmit = useCallback(() => {
    setHandled(state);
    const data = submitted.current;
    if (data) startTransition(() => formAction(data));
  }, [formAction, state]);
  const shown = state && !state.ok && state.error === "sudo_required" ? null : state;
  return (
    <>
      <form action={formAction} className={className} noValidate>
        {children(shown, pending)}
      </form>
      {confirming ? <ConfirmIdentityDialog onConfirmed={resubmit} onCancel={() => setHandled(state)} /> : null}
    </>
  );
}
