"use client";
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/forms";

/**
 * The challenge form of a provider answered by the browser (a security key or
 * passkey): "Use security key" runs navigator.credentials.get with the page's
 * options and posts the JSON result as the answer. A refused answer reloads the
 * page for a fresh challenge (each is single use). `verify` is bound on the page.
 */
export function WebAuthnChallengeForm({
  verify,
  options,
  prompt,
}: {
  verify: (prev: FormState, form: FormData) => Promise<FormState>;
  options: object;
  prompt: string;
}) {
  const router = useRouter();
  const [state, action, pending] = useActionState(verify, null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const seen = useRef<FormState>(null);
  useEffect(() => {
    if (state && !state.ok && seen.current !== state) {
      seen.current = state;
      router.refresh();
    }
  }, [state, router]);

  async function answerWithKey() {
    setProblem(null);
    setBusy(true);
    try {
      const answer = await startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON });
      const form = new FormData();
      form.set("code", JSON.stringify(answer));
      startTransition(() => action(form));
    } catch (error) {
      setProblem(
        (error as Error).name === "NotAllowedError"
          ? "The security key was not used (cancelled or timed out). Try again."
          : "This browser could not use a security key.",
      );
    } finally {
      setBusy(false);
    }
  }

  const error = problem ?? (state && !state.ok ? state.message : null);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">{prompt}</p>
      {error ? <Alert>{error}</Alert> : null}
      <Button className="w-full" onClick={answerWithKey} disabled={busy || pending}>
        {busy || pending ? "Waiting for your key…" : "Use security key"}
      </Button>
    </div>
  );
}
