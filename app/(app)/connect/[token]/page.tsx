import type { Metadata } from "next";
import { headers } from "next/headers";
import { AppShell } from "@/app/(app)/app-shell";
import { Alert } from "@/components/ui/alert";
import { Section } from "@/components/ui/card";
import { clientMeta } from "@/lib/auth/request-meta";
import { NOT_ASKED_YET, noteGrantOpened, pendingGrant } from "@/lib/client-flows/grants";
import { isPageToken, LOGIN_FLOW_PAGE } from "@/lib/client-flows/login-flow";
import { grantFormOptions, grantPageView } from "@/lib/dal/client-grants";
import { requireViewer } from "@/lib/dal/viewer";
import { GrantDetails } from "../grant-details";
import { GrantForm } from "../grant-form";

export const metadata: Metadata = { title: "Connect an app", referrer: "no-referrer" };

/**
 * Login Flow v2's page (the `login` URL a client opens): after sign-in with the
 * second factor, who is asking, from where, and the match code; then grant or
 * decline (lib/client-flows/grants.ts). A flow the viewer started on the settings
 * page ("Connect a device") notes this browser, which that page then shows.
 */
export default async function ConnectPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const viewer = await requireViewer(`${LOGIN_FLOW_PAGE}/${isPageToken(token) ? token : ""}`);
  const grant = isPageToken(token) ? await pendingGrant("login_flow", token, viewer.id) : null;
  const h = await headers();
  if (grant) await noteGrantOpened(grant.id, viewer.id, clientMeta(h));
  const view = grant ? grantPageView(grant, clientMeta(h).ip) : null;
  return (
    <AppShell viewer={viewer}>
      <Section title="Connect an app to your account" id="connect">
        {grant && view ? (
          <div className="space-y-6">
            <p className="text-sm text-slate-700">
              An app asks to sign in to <strong>{viewer.login}</strong>. If you grant it, it gets an app password of its own, which you can revoke at any time
              under Security.
            </p>
            <GrantDetails view={view} />
            {view.waitingForApp ? (
              <div role="status" className="space-y-2 text-sm text-slate-700">
                <p>{NOT_ASKED_YET}</p>
                <a href={`${LOGIN_FLOW_PAGE}/${token}`} className="font-semibold text-indigo-600 hover:text-indigo-500">
                  Reload
                </a>
              </div>
            ) : (
              <GrantForm kind="login_flow" grantKey={token} clientName={grant.clientName} {...await grantFormOptions()} />
            )}
          </div>
        ) : (
          <Alert>This sign-in request has expired or was already answered. Start again in the app.</Alert>
        )}
      </Section>
    </AppShell>
  );
}
