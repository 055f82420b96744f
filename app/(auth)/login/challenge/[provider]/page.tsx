import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/card";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { clientMeta } from "@/lib/auth/request-meta";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { setupStage } from "@/lib/two-factor/login-setup";
import { challengeScreen, offeredProviders } from "@/lib/two-factor/challenge-flow";
import { isPhishingResistantMethod, methodOf } from "@/lib/two-factor/assurance";
import type { DeliveryState } from "@/lib/two-factor/types";
import { trustOfferedTo } from "@/lib/two-factor/trusted-browsers";
import { BlockedLogin, ChallengeFooter } from "../parts";
import { resendChallengeAction, sendChallengeAction, verifyChallengeAction } from "./actions";
import { ChallengeForm } from "./challenge-form";
import { ResendForm } from "./resend-form";
import { WebAuthnChallengeForm } from "./webauthn-form";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function ProviderChallengePage({
  params,
  searchParams,
}: {
  params: Promise<{ provider: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ provider: providerId }, query] = await Promise.all([params, searchParams]);
  const next = await safeReturnTo(query.next);
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  const stage = await setupStage(pending);
  if (stage === "now") redirect(`/login/setup${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`);
  const offered = offeredProviders(pending);
  if (offered.length === 0) return <BlockedLogin />;
  const provider = offered.find((p) => p.id === providerId);
  const nextQuery = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  if (!provider) redirect(`/login/challenge${nextQuery}`);

  const { view, delivery, problem } = await challengeScreen(pending, provider, clientMeta(await headers()));
  const proofFirst = stage === "after_proof";
  // Trust comes with a finished sign-in; this one still has a set-up ahead.
  const trustDays = provider.promptsSetup || proofFirst ? null : await trustOfferedTo(pending.user.id);
  const others = offered.filter((p) => p.id !== provider.id);
  // The page opened is the one the user marked or used last; a security key or passkey they have is still offered first.
  const key = isPhishingResistantMethod(methodOf(provider)) ? undefined : others.find((p) => isPhishingResistantMethod(methodOf(p)));
  // Backup codes one click away, unless they are what this page asks for.
  const recovery = provider.kind === "recovery" ? undefined : others.find((p) => p.kind === "recovery" && !p.promptsSetup);

  return (
    <AuthCard title="Two-factor authentication" subtitle={`Signing in as ${pending.user.login}`}>
      <div className="space-y-4">
        <h2 className="text-base font-semibold">{provider.displayName}</h2>
        {key ? (
          <p className="text-sm">
            <Link className="font-semibold text-indigo-600 hover:text-indigo-500" href={`/login/challenge/${key.id}${nextQuery}`} data-testid="use-key">
              Use your {key.displayName.toLowerCase()} instead
            </Link>
          </p>
        ) : null}
        {proofFirst ? (
          <p className="text-sm text-slate-700" data-testid="setup-follows">
            {pending.assurance
              ? "This account must now sign in with a security key or passkey. Confirm it is you here first; then you will add one."
              : "Codes by e-mail or text message no longer count as a second factor here. Confirm it is you here first; then you will set up another way to sign in."}
          </p>
        ) : null}
        {problem ? <Alert>{problem}</Alert> : null}
        {delivery?.status === "failed" || delivery?.status === "blocked" ? <Alert>{delivery.message}</Alert> : null}
        {delivery?.status === "unsent" ? (
          <>
            <p className="text-sm text-slate-700">{delivery.prompt}</p>
            <ResendForm resend={sendChallengeAction.bind(null, provider.id)} label="Send code" primary />
          </>
        ) : null}
        {view?.webauthnRequest ? (
          <WebAuthnChallengeForm verify={verifyChallengeAction.bind(null, provider.id, next)} options={view.webauthnRequest} prompt={view.prompt} />
        ) : view && (!delivery || delivery.status === "sent") ? (
          <ChallengeForm verify={verifyChallengeAction.bind(null, provider.id, next)} view={view} trustDays={trustDays} />
        ) : null}
        {provider.resendChallenge && canResend(delivery) ? (
          <ResendForm resend={resendChallengeAction.bind(null, provider.id)} hint={resendHint(delivery)} />
        ) : null}
        {delivery?.status === "blocked" && others.length > 0 ? (
          <nav aria-label="Other ways to sign in" className="space-y-1 text-sm">
            <p className="text-slate-700">Other ways to sign in:</p>
            <ul className="list-inside list-disc">
              {others.map((p) => (
                <li key={p.id}>
                  <Link className="font-semibold text-indigo-600 hover:text-indigo-500" href={`/login/challenge/${p.id}${nextQuery}`}>
                    {p.displayName}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <ChallengeFooter next={next} recovery={recovery} canChooseAnother={others.length > 0} />
      </div>
    </AuthCard>
  );
}

/** "Send a new code" once something was sent (or failed to be), never before the first "Send code". */
function canResend(delivery: DeliveryState | null): boolean {
  return !delivery || delivery.status === "sent" || delivery.status === "failed";
}

function resendHint(delivery: DeliveryState | null): string | undefined {
  if (!delivery || (delivery.status !== "sent" && delivery.status !== "failed") || delivery.resendAt.getTime() <= Date.now()) return undefined;
  return `You can ask for a new code from ${delivery.resendAt.toISOString().slice(11, 19)} UTC.`;
}
