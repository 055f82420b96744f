import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/app/(app)/app-shell";
import { Section } from "@/components/ui/card";
import { requireAdmin } from "@/lib/dal/viewer";
import { groupsOf, listGroups } from "@/lib/groups";
import { providerStates } from "@/lib/two-factor/admin";
import { findUserByLogin } from "@/lib/users";
import { tokenCounts } from "@/lib/admin/accounts";
import { listDevices } from "@/lib/auth/devices";
import { describeMethods } from "@/lib/two-factor/assurance";
import { disableFactorAction, generateCodeAction, membershipAction, resetPasswordAction } from "./actions";
import { AccountForms, BypassCodeForm, FactorForms, GroupMembership } from "./forms";

export const metadata: Metadata = { title: "Manage user" };

export default async function AdminUserPage({ params }: { params: Promise<{ login: string }> }) {
  const { login } = await params;
  const viewer = await requireAdmin(`/admin/security/users/${login}`);
  const user = await findUserByLogin(decodeURIComponent(login));
  if (!user) notFound();
  const [states, groups, allGroups, tokens, devices] = await Promise.all([
    providerStates(user.id),
    groupsOf(user.id),
    listGroups(),
    tokenCounts(user.id),
    listDevices(user.id),
  ]);
  const sessions = devices.filter((d) => d.type === "session");
  return (
    <AppShell viewer={viewer}>
      <p className="text-sm">
        <Link href="/admin/security" className="text-indigo-600 hover:text-indigo-500">
          ← Administration
        </Link>
      </p>
      <h1 className="text-2xl font-bold">
        {user.displayName} <span className="text-base font-normal text-slate-500">({user.login})</span>
      </h1>
      <Section id="factors" title="Second factors" description="Turn off a factor the user lost. Their other factors keep working.">
        <FactorForms login={user.login} states={states.filter((s) => s.enabled)} disable={disableFactorAction.bind(null, user.login)} />
      </Section>
      <Section
        id="bypass"
        title="One-time sign-in code"
        description="For a user who lost every factor: a code that works once, for 24 hours, in place of their second factor. They are then asked to set up a new one."
      >
        <BypassCodeForm login={user.login} generate={generateCodeAction.bind(null, user.login)} />
      </Section>
      <Section id="account" title="Account" description={`${tokens.sessions} browser session(s), ${tokens.appPasswords} app password(s).`}>
        <AccountForms
          login={user.login}
          disabled={user.disabled}
          isAdmin={user.isAdmin}
          isSelf={user.id === viewer.id}
          resetPassword={resetPasswordAction.bind(null, user.login)}
        />
      </Section>
      <Section id="sessions" title="Browser sessions" description="How each live session was signed in: only a security key or passkey is phishing resistant.">
        {sessions.length === 0 ? <p className="text-sm text-slate-600">No browser is signed in.</p> : null}
        <ul aria-label="Browser sessions" className="divide-y divide-slate-100 text-sm">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap justify-between gap-2 py-2">
              <span className="font-medium">{s.name}</span>
              <span className="text-xs text-slate-600" data-testid="admin-session-methods">
                {s.methods.length > 0 ? `Signed in with ${describeMethods(s.methods)}` : "Sign-in methods not recorded"} · {s.ip ?? "no address"}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section id="membership" title="Groups">
        <GroupMembership groups={groups} all={allGroups.map((g) => g.name)} change={membershipAction.bind(null, user.login)} />
      </Section>
    </AppShell>
  );
}
