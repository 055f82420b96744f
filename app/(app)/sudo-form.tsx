"use client";
import { startTransition, useActionState, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { ConfirmIdentityDialog } from "@/components/confirm-identity";
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
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (state && !state.ok && state.error === "sudo_required") setConfirming(true);
    else if (state?.ok) onDone?.(state);
  }, [state, onDone]);
  const resubmit = useCallback(() => {
    setConfirming(false);
    const data = submitted.current;
    if (data) startTransition(() => formAction(data));
  }, [formAction]);
  const shown = state && !state.ok && state.error === "sudo_required" ? null : state;
  return (
    <>
      <form action={formAction} className={className} noValidate>
        {children(shown, pending)}
      </form>
      {confirming ? <ConfirmIdentityDialog onConfirmed={resubmit} onCancel={() => setConfirming(false)} /> : null}
    </>
  );
}
