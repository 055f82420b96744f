import type { Metadata } from "next";
import { AppShell } from "@/app/(app)/app-shell";
import { Section } from "@/components/ui/card";
import { myPendingApprovals } from "@/lib/dal/approvals";
import { requireViewer } from "@/lib/dal/viewer";
import { decideAction, secureAccountAction } from "./actions";
import { DecisionForms } from "./approve-forms";

export const metadata: Metadata = { title: "Is this you?" };

/** /settings/security/approve: a new sign-in's request to this signed-in browser — who, from where, when — and the three numbers. */
export default async function ApprovePage() {
  const viewer = await requireViewer("/settings/security/approve");
  const requests = await myPendingApprovals();
  return (
    <AppShell viewer={viewer}>
      <h1 className="text-2xl font-bold">Is this you?</h1>
      {requests.length === 0 ? <p className="text-sm text-slate-600">No sign-in is waiting for your approval.</p> : null}
      {requests.map((r) => (
        <Section key={r.id} id={`approval-${r.id}`} title={`Sign-in from ${r.browser}`}>
          <dl className="mb-4 grid grid-cols-1 gap-1 text-sm text-slate-700 sm:grid-cols-3">
            <div className="flex gap-1">
              <dt className="text-slate-500">Address</dt>
              <dd className="font-mono">{r.ip ?? "unknown"}</dd>
            </div>
            <div className="flex gap-1">
              <dt className="text-slate-500">Time</dt>
              <dd>{r.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</dd>
            </div>
            <div className="flex gap-1">
              <dt className="text-slate-500">Expires</dt>
              <dd>{r.expiresAt.toISOString().slice(11, 19)} UTC</dd>
            </div>
          </dl>
          <DecisionForms choices={r.choices} decide={decideAction.bind(null, r.id)} secure={secureAccountAction.bind(null, r.id)} />
        </Section>
      ))}
    </AppShell>
  );
}
