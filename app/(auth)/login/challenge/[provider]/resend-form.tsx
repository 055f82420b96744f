"use client";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { SubmitButton } from "@/components/ui/button";
import type { FormState } from "@/lib/forms";

/**
 * "Send code" / "Send a new code" for providers that send one; the page reloads to show the code form. `resend` is bound on the page
 * (see ChallengeForm); `hint` says when the button will be accepted.
 */
export function ResendForm({
  resend,
  label = "Send a new code",
  primary = false,
  hint,
}: {
  resend: (prev: FormState, form: FormData) => Promise<FormState>;
  label?: string;
  primary?: boolean;
  hint?: string;
}) {
  const router = useRouter();
  const [state, action] = useActionState(resend, null);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={action} className="space-y-2">
      {state ? (
        <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
          {state.message}
        </p>
      ) : null}
      {hint && !state ? <p className="text-xs text-slate-600">{hint}</p> : null}
      <SubmitButton variant={primary ? "primary" : "ghost"} pendingText="Sending…">
        {label}
      </SubmitButton>
    </form>
  );
}
