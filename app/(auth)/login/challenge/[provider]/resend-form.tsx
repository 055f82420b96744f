"use client";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { SubmitButton } from "@/components/ui/button";
import type { FormState } from "@/lib/forms";

/** "Send a new code" for providers that send one; the page reloads to show the code form again. `resend` is bound on the page (see ChallengeForm). */
export function ResendForm({ resend }: { resend: (prev: FormState, form: FormData) => Promise<FormState> }) {
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
      <SubmitButton variant="ghost" pendingText="Sending…">
        Send a new code
      </SubmitButton>
    </form>
  );
}
