"use client";
import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ChallengeView } from "@/lib/two-factor/types";
import { verifyChallengeAction } from "./actions";

/** The one form every code-based provider uses: its labels come from the provider's view. */
export function ChallengeForm({ providerId, next, view }: { providerId: string; next: string; view: ChallengeView }) {
  const [state, action] = useActionState(verifyChallengeAction.bind(null, providerId, next), null);
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
      <SubmitButton className="w-full" pendingText="Checking…">
        Verify
      </SubmitButton>
    </form>
  );
}
