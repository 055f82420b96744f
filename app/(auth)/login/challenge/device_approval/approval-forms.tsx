"use client";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import type { FormState } from "@/lib/forms";

type Action = (prev: FormState, form: FormData) => Promise<FormState>;

/** "Ask for approval" (a POST); the page then shows the number. */
export function SendApprovalForm({ send, label }: { send: Action; label: string }) {
  const router = useRouter();
  const [state, action] = useActionState(send, null);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={action} className="space-y-2">
      {state && !state.ok ? <Alert>{state.message}</Alert> : null}
      <SubmitButton className="w-full" pendingText="Sending…">
        {label}
      </SubmitButton>
    </form>
  );
}

/**
 * The waiting sign-in: "Check" works without JavaScript; with it, the answer is
 * polled every 2 seconds and an approval submits the form by itself, a refusal
 * or expiry reloads the page.
 */
export function CheckApprovalForm({ check }: { check: Action }) {
  const router = useRouter();
  const [state, action] = useActionState(check, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      const res = await fetch("/login/challenge/device_approval/status", { cache: "no-store" }).catch(() => null);
      const body = res ? ((await res.json().catch(() => null)) as { status?: string } | null) : null;
      if (stopped || !body?.status || body.status === "pending") return;
      stopped = true;
      clearInterval(timer);
      if (body.status === "approved") form.current?.requestSubmit();
      else router.refresh();
    }, 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [router]);
  return (
    <form ref={form} action={action} className="space-y-2">
      {state && !state.ok ? <Alert>{state.message}</Alert> : null}
      <SubmitButton variant="secondary" className="w-full" pendingText="Checking…">
        Check
      </SubmitButton>
    </form>
  );
}
