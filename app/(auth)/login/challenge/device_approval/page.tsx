import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/card";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { APPROVAL_ID, requestOf, statusOf } from "@/lib/providers/device-approval/store";
import { offeredProviders } from "@/lib/two-factor/challenge-flow";
import { mustSetUpAtLogin } from "@/lib/two-factor/login-setup";
import { ChallengeFooter } from "../parts";
import { checkApprovalAction, sendApprovalAction } from "./actions";
import { CheckApprovalForm, SendApprovalForm } from "./approval-forms";

export const metadata: Metadata = { title: "Approve on a signed-in device" };

/**
 * The challenge page of approval from a signed-in device (a static segment, so
 * it takes /login/challenge/device_approval from the generic [provider] page):
 * ask, then show the number to pick on the signed-in browser and wait.
 */
export default async function DeviceApprovalChallengePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = await safeReturnTo((await searchParams).next);
  const nextQuery = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  if (await mustSetUpAtLogin(pending)) redirect(`/login/setup${nextQuery}`);
  const offered = offeredProviders(pending);
  if (!offered.some((p) => p.id === APPROVAL_ID)) redirect(`/login/challenge${nextQuery}`);
  const request = await requestOf(pending.challenge.id);
  const status = statusOf(request);
  const others = offered.filter((p) => p.id !== APPROVAL_ID);
  const recovery = others.find((p) => p.kind === "recovery" && !p.promptsSetup);

  return (
    <AuthCard title="Two-factor authentication" subtitle={`Signing in as ${pending.user.login}`}>
      <div className="space-y-4">
        <h2 className="text-base font-semibold">Approve on a signed-in device</h2>
        {status === "pending" || status === "approved" ? (
          <>
            <p className="text-sm text-slate-700">
              On a browser where you are signed in, open Security: it asks &ldquo;Is this you?&rdquo;. Choose this number:
            </p>
            <p aria-label="Your number" className="text-center font-mono text-5xl font-bold tracking-widest text-slate-900">
              {request!.number}
            </p>
            <CheckApprovalForm check={checkApprovalAction.bind(null, next)} />
          </>
        ) : (
          <>
            {status === "denied" ? <Alert>The sign-in was refused on your signed-in device.</Alert> : null}
            {status === "expired" ? <Alert>The request expired without an answer.</Alert> : null}
            <p className="text-sm text-slate-700">We will ask your signed-in browsers to confirm this sign-in. The request lasts 3 minutes.</p>
            <SendApprovalForm send={sendApprovalAction} label={status === "none" ? "Ask for approval" : "Ask again"} />
          </>
        )}
        <ChallengeFooter next={next} recovery={recovery} canChooseAnother={others.length > 0} />
      </div>
    </AuthCard>
  );
}
