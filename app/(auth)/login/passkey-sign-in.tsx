"use client";
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { startTransition, useActionState, useCallback, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/forms";
import { passkeyOptionsAction } from "./passkey-actions";

/**
 * "Sign in with a passkey", and the same through the login field's autofill
 * (conditional mediation: the browser lists this site's passkeys under the
 * field marked autocomplete="username webauthn"). Either way the answer goes to
 * passkeySignInAction, bound to `next` on the page.
 */
export function PasskeySignIn({ signIn }: { signIn: (prev: FormState, form: FormData) => Promise<FormState> }) {
  const [state, action, pending] = useActionState(signIn, null);
  const [problem, setProblem] = useState<string | null>(null);
  const send = useCallback(
    (answer: unknown) => {
      const form = new FormData();
      form.set("response", JSON.stringify(answer));
      startTransition(() => action(form));
    },
    [action],
  );

  // Autofill: armed on load and again after each refused answer (each request is single use).
  useEffect(() => {
    let live = true;
    (async () => {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      const options = await passkeyOptionsAction();
      if (!live || !options?.ok || !("options" in options)) return;
      try {
        const answer = await startAuthentication({ optionsJSON: options.options as PublicKeyCredentialRequestOptionsJSON, useBrowserAutofill: true });
        if (live) send(answer);
      } catch {
        // Aborted (the button took over, or the page left) or no passkey picked.
      }
    })();
    return () => {
      live = false;
      WebAuthnAbortService.cancelCeremony();
    };
  }, [state, send]);

  async function withButton() {
    setProblem(null);
    if (!browserSupportsWebAuthn()) {
      setProblem("This browser cannot use passkeys. Sign in with your password.");
      return;
    }
    const options = await passkeyOptionsAction();
    if (!options?.ok || !("options" in options)) {
      setProblem(options && !options.ok ? options.message : "Passkeys are not available.");
      return;
    }
    try {
      send(await startAuthentication({ optionsJSON: options.options as PublicKeyCredentialRequestOptionsJSON }));
    } catch (error) {
      setProblem((error as Error).name === "NotAllowedError" ? "No passkey was used (cancelled or timed out)." : "This browser could not use a passkey.");
    }
  }

  const error = problem ?? (state && !state.ok ? state.message : null);
  return (
    <div className="space-y-3 border-t border-slate-200 pt-4">
      {error ? <Alert>{error}</Alert> : null}
      <Button variant="secondary" className="w-full" onClick={withButton} disabled={pending}>
        {pending ? "Checking your passkey…" : "Sign in with a passkey"}
      </Button>
    </div>
  );
}
