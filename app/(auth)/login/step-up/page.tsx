import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/card";
import { stepUpScreen } from "@/lib/dal/step-up";
import { returnParam, safeReturnTo } from "@/lib/forward-auth/return-to";
import { WebAuthnChallengeForm } from "../challenge/[provider]/webauthn-form";
import { stepUpAction } from "./actions";

export const metadata: Metadata = { title: "Confirm with a security key" };

const link = "font-semibold text-indigo-600 hover:text-indigo-500";

/**
 * Step-up (`/login/step-up?rd=<app URL>`): a protected app requires a security key
 * or passkey and this session was signed in without one. The user confirms with a
 * key for this same session and goes on to `rd` (only an app URL or a Gatehouse
 * path: `safeReturnTo`); without a key, the page says so and leads to settings.
 * Nothing in the URL is trusted beyond `rd`: what the session gains comes only
 * from the key's verified answer.
 */
export default async function StepUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = await safeReturnTo(returnParam(await searchParams));
  const here = `/login/step-up?rd=${encodeURIComponent(next)}`;
  const screen = await stepUpScreen(next);
  if (screen.kind === "signed_out") redirect(`/login?rd=${encodeURIComponent(next)}`);
  if (screen.kind === "done") redirect(next);
  const what = screen.app ? `${screen.app} needs a sign-in with a security key or passkey.` : "Confirm it is you with a security key or passkey.";

  return (
    <AuthCard title="Confirm with a security key" subtitle={`Signed in as ${screen.login}`}>
      <div className="space-y-4">
        <p className="text-sm text-slate-700">{what}</p>
        {screen.kind === "key" ? (
          <WebAuthnChallengeForm
            verify={stepUpAction.bind(null, next)}
            options={screen.options}
            prompt="Insert or touch your security key, or use the passkey on this device. You stay signed in; this session then counts as signed in with a key."
          />
        ) : screen.kind === "no_key" ? (
          <div className="space-y-3 text-sm" data-testid="step-up-no-key">
            <Alert tone="info">Your account has no security key or passkey yet.</Alert>
            <p className="text-slate-700">
              Add one on your security page (it opens in a new tab and asks you to confirm it is you), then come back here and continue.
            </p>
            <p>
              <Link className={link} href="/settings/security#two-factor" target="_blank" rel="noopener">
                Add a security key or passkey
              </Link>
            </p>
            <p>
              <Link className={link} href={here}>
                I have added one: continue
              </Link>
            </p>
          </div>
        ) : (
          <Alert>Security keys are turned off on this server, so this app cannot be opened. Ask your administrator.</Alert>
        )}
        <div className="border-t border-slate-200 pt-4 text-sm">
          <Link className={link} href="/">
            Not now: back to Gatehouse
          </Link>
        </div>
      </div>
    </AuthCard>
  );
}
