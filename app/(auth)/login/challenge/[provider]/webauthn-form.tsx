"use client";
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/forms";

/**
 * The challenge form of a provider answered by the browser (a security key or
 * passkey): "Use security key" runs navigator.credentials.get with the page's
 * options and posts the JSON result as the answer. A refused answer refreshes the
 * page for a fresh challenge (each is single use); until the new options have
 * arrived the button waits (a refresh that lands while the action's transition
 * is still settling can be dropped, so it is asked again until they do — a
 * second click with the spent options would only be refused as used). `verify`
 * is bound on the page.
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
  // The options of the last answer sent, and the form state then: a refusal since, on the same options, means they are used up.
  const [spent, setSpent] = useState<{ options: object; state: FormState } | null>(null);
  const stale = spent !== null && spent.options === options && state !== spent.state && state !== null && !state.ok;
  useEffect(() => {
    if (!stale) return;
    router.refresh();
    const again = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(again);
  }, [stale, state, router]);

  async function answerWithKey() {
    setProblem(null);
    setBusy(true);
    setSpent({ options, state });
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
      <Button className="w-full" onClick={answerWithKey} disabled={busy || pending || stale}>
        {busy || pending ? "Waiting for your key…" : "Use security key"}
      </Button>
    </div>
  );
}
