"use client";
import { startTransition, useActionState, useCallback, useLayoutEffect, useRef, useState, type FormEvent } from "react";
import { ConfirmIdentityDialog } from "@/app/(app)/confirm-identity";
import type { FormState } from "@/lib/forms";

type Action<S> = (prev: S | null, form: FormData) => Promise<S | null>;
type Submitted = { form: HTMLFormElement; data: FormData; resent?: boolean };

/**
 * `useActionState` for an action that may answer `sudo_required` (every admin
 * action): the confirm-it's-you dialog opens over the page, the form keeps what
 * was typed (React resets a form after its action; this puts the input back), and
 * once confirmed the same submission is sent again — then the form is reset as
 * React would have. Put `remember` on each form's `onSubmit` and render `dialog`.
 *
 * The server action goes to `useActionState` as it is, unwrapped, so the form
 * still posts without JavaScript; there the page shows "Confirm it's you to
 * continue." instead of the dialog.
 */
export function useSudoAction<S extends FormState>(action: Action<S>) {
  const [state, run, pending] = useActionState<S | null, FormData>(action, null);
  const submitted = useRef<Submitted | null>(null);
  // The dialog shows while the latest answer asks for sudo and was not yet answered (confirmed or cancelled).
  const [answered, setAnswered] = useState<S | null>(null);
  const confirming = state !== null && !state.ok && state.error === "sudo_required" && state !== answered;
  const remember = useCallback((event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    submitted.current = { form, data: new FormData(form, (event.nativeEvent as SubmitEvent).submitter) };
  }, []);
  useLayoutEffect(() => {
    const last = submitted.current;
    if (state && !state.ok && state.error === "sudo_required") {
      if (last) restoreInput(last);
    } else if (last?.resent) {
      last.form.reset();
      submitted.current = null;
    }
  }, [state]);
  const resubmit = useCallback(() => {
    setAnswered(state);
    const last = submitted.current;
    if (!last) return;
    last.resent = true;
    startTransition(() => run(last.data));
  }, [run, state]);
  const cancel = useCallback(() => setAnswered(state), [state]);
  const dialog = confirming ? <ConfirmIdentityDialog onConfirmed={resubmit} onCancel={cancel} /> : null;
  return { state: confirming ? null : state, run, pending, remember, dialog };
}

/** Puts a submission's values back into the form it came from. */
function restoreInput({ form, data }: Submitted): void {
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) continue;
    if (!element.name || element.type === "hidden" || element.type === "file") continue;
    const values = data.getAll(element.name).filter((v): v is string => typeof v === "string");
    if (element instanceof HTMLInputElement && (element.type === "checkbox" || element.type === "radio")) element.checked = values.includes(element.value);
    else element.value = values[0] ?? "";
  }
}
