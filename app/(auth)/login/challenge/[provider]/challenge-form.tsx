"use client";
import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms";
import type { ChallengeView } from "@/lib/two-factor/types";

/**
 * The one form every code-based provider uses: its labels come from the provider's view.
 * `verify` is verifyChallengeAction bound on the page (a server component): a client
 * component that binds in its own render and passes the result to useActionState hangs
 * the server on a form posted without JavaScript (vercel/next.js#57867).
 */
export function ChallengeForm({
  verify,
  view,
  trustDays,
}: {
  verify: (prev: FormState, form: FormData) => Promise<FormState>;
  view: ChallengeView;
  /** Offer "Don't ask again on this browser" for this many days (issue #19); absent: not offered. */
  trustDays?: number | null;
}) {
  const [state, action] = useActionState(verify, null);
  const error = state && !state.ok ? state.message : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <p className="text-sm text-slate-700">{view.prompt}</p>
      <Field
        key={error ? `${error}` : "fresh"}
        label={view.inputLabel}
        name="code"
        inputMode={view.inputMode}
        autoComplete={view.autoComplete ?? "one-time-code"}
        placeholder={view.placeholder}
        maxLength={view.maxLength}
        required
        autoFocus
        error={error}
      />
      {trustDays ? (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="trust" className="h-4 w-4 rounded border-slate-300" />
          Don&apos;t ask again on this browser for {trustDays} {trustDays === 1 ? "day" : "days"}
        </label>
      ) : null}
      <SubmitButton className="w-full" pendingText="Checking…">
        Verify
      </SubmitButton>
    </form>
  );
}
