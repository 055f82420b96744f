import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/card";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { clientMeta } from "@/lib/auth/request-meta";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { mustSetUpAtLogin } from "@/lib/two-factor/login-setup";
import { offeredProviders, providerContext } from "@/lib/two-factor/challenge-flow";
import type { ChallengeView } from "@/lib/two-factor/types";
import { BlockedLogin, CancelLink } from "../parts";
import { resendChallengeAction, verifyChallengeAction } from "./actions";
import { ChallengeForm } from "./challenge-form";
import { ResendForm } from "./resend-form";

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
  if (await mustSetUpAtLogin(pending)) redirect(`/login/setup${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`);
  const offered = offeredProviders(pending);
  if (offered.length === 0) return <BlockedLogin />;
  const provider = offered.find((p) => p.id === providerId);
  const nextQuery = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  if (!provider) redirect(`/login/challenge${nextQuery}`);

  const ctx = providerContext(pending, clientMeta(await headers()));
  let view: ChallengeView | null = null;
  let problem: string | null = null;
  try {
    await provider.beginChallenge?.(ctx);
    view = await provider.challengeView(ctx);
  } catch (error) {
    console.error(`second-factor provider "${provider.id}" failed to start:`, (error as Error).message);
    problem = (error as { userMessage?: string }).userMessage ?? `${provider.displayName} is not working right now. Try another way.`;
  }
  const others = offered.filter((p) => p.id !== provider.id);
  const recovery = others.find((p) => p.kind === "recovery" && !p.promptsSetup);
  const chooseHref = `/login/challenge?choose${next === "/" ? "" : `&next=${encodeURIComponent(next)}`}`;

  return (
    <AuthCard title="Two-factor authentication" subtitle={`Signing in as ${pending.user.login}`}>
      <div className="space-y-4">
        <h2 className="text-base font-semibold">{provider.displayName}</h2>
        {problem ? <Alert>{problem}</Alert> : null}
        {view ? <ChallengeForm verify={verifyChallengeAction.bind(null, provider.id, next)} view={view} /> : null}
        {provider.resendChallenge ? <ResendForm resend={resendChallengeAction.bind(null, provider.id)} /> : null}
        <div className="flex flex-col gap-2 border-t border-slate-200 pt-4 text-sm">
          {recovery && provider.kind !== "recovery" ? (
            <Link className="font-semibold text-indigo-600 hover:text-indigo-500" href={`/login/challenge/${recovery.id}${nextQuery}`}>
              Use a backup code
            </Link>
          ) : null}
          {others.length > 0 ? (
            <Link className="font-semibold text-indigo-600 hover:text-indigo-500" href={chooseHref}>
              Try another way
            </Link>
          ) : null}
          <CancelLink />
        </div>
      </div>
    </AuthCard>
  );
}
