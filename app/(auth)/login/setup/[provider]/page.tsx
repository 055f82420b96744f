import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SetupInstructions } from "@/components/setup-view";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/card";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { clientMeta } from "@/lib/auth/request-meta";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { providerContext } from "@/lib/two-factor/challenge-flow";
import { mustSetUpAtLogin, providersForLoginSetup } from "@/lib/two-factor/login-setup";
import type { SetupView } from "@/lib/two-factor/types";
import { CancelLink } from "../../challenge/parts";
import { finishLoginSetupAction } from "./actions";
import { LoginSetupForm } from "./setup-form";
import { WebAuthnSetupForm } from "./webauthn-setup-form";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

export default async function LoginSetupProviderPage({
  params,
  searchParams,
}: {
  params: Promise<{ provider: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ provider: id }, query] = await Promise.all([params, searchParams]);
  const next = await safeReturnTo(query.next);
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  if (!(await mustSetUpAtLogin(pending))) redirect("/login/challenge");
  const provider = (await providersForLoginSetup(pending)).find((p) => p.id === id);
  if (!provider?.setup) redirect("/login/setup");
  let view: SetupView | null = null;
  try {
    view = await provider.setup.begin(providerContext(pending, clientMeta(await headers())));
  } catch (error) {
    console.error(`provider "${provider.id}" could not start set-up:`, (error as Error).message);
  }
  return (
    <AuthCard title={`Set up: ${provider.displayName}`} subtitle={`Signing in as ${pending.user.login}`}>
      <div className="space-y-4">
        {view ? (
          <>
            <SetupInstructions view={view} />
            {view.webauthnCreate ? (
              <WebAuthnSetupForm finish={finishLoginSetupAction.bind(null, provider.id, next)} options={view.webauthnCreate} fields={view.fields ?? []} />
            ) : (
              <LoginSetupForm
                finish={finishLoginSetupAction.bind(null, provider.id, next)}
                fields={view.fields ?? []}
                inputLabel={view.inputLabel}
                inputMode={view.inputMode}
                maxLength={view.maxLength}
              />
            )}
          </>
        ) : (
          <Alert>{provider.displayName} cannot be set up right now. Go back and choose another method.</Alert>
        )}
        <CancelLink />
      </div>
    </AuthCard>
  );
}
