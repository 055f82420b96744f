import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/(app)/app-shell";
import { Section } from "@/components/ui/card";
import { adminUsers } from "@/lib/admin/users-table";
import { requireAdmin } from "@/lib/dal/viewer";
import { listGroups } from "@/lib/groups";
import { installed as installedProviders } from "@/lib/plugins";
import { readPolicy } from "@/lib/two-factor/enforcement";
import { switchedOffProviderIds } from "@/lib/two-factor/provider-set";
import { appPasswordMaxDays, tokenAuthEnforced } from "@/lib/config";
import { ProtectedAppsSection } from "./apps/section";
import { GatewaysSection } from "./gateways/section";
import { TrustedBrowsersSettingSection } from "./trusted-browsers/section";
import { toggleProviderAction } from "./actions";
import { AppPasswordMaxDaysForm, EnforcementForm, GroupForms, ProviderToggle, TokenAuthForm } from "./forms";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminSecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireAdmin("/admin/security");
  const params = await searchParams;
  const q = typeof params.q === "string" ? params.q : "";
  const page = Number(typeof params.page === "string" ? params.page : "1") || 1;
  const [users, policy, groups, off, tokenAuth, maxDays] = await Promise.all([
    adminUsers(q, page),
    readPolicy(),
    listGroups(),
    switchedOffProviderIds(),
    tokenAuthEnforced(),
    appPasswordMaxDays(),
  ]);
  const pageHref = (p: number) => `/admin/security?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;

  return (
    <AppShell viewer={viewer}>
      <h1 className="text-2xl font-bold">Administration</h1>

      <Section id="users" title="Users" description="Find a user to see their second factors, sessions and app passwords, and to rescue them.">
        <form role="search" className="mb-4 flex gap-2" action="/admin/security">
          <label htmlFor="user-search" className="sr-only">
            Search users
          </label>
          <input
            id="user-search"
            type="search"
            name="q"
            defaultValue={q}
            placeholder="Login, name or e-mail"
            maxLength={100}
            className="w-64 rounded-md px-3 py-2 text-sm ring-1 ring-slate-300"
          />
          <button className="rounded-md bg-white px-3 py-2 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50">Search</button>
        </form>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-3">Login</th>
                <th className="py-2 pr-3">Name</th>
                <th className="py-2 pr-3">Groups</th>
                <th className="py-2 pr-3">Second factors</th>
                <th className="py-2 pr-3">Last sign-in</th>
                <th className="py-2 pr-3">Sessions</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.rows.map((u) => (
                <tr key={u.id}>
                  <td className="py-2 pr-3">
                    <Link className="font-semibold text-indigo-600 hover:text-indigo-500" href={`/admin/security/users/${encodeURIComponent(u.login)}`}>
                      {u.login}
                    </Link>
                    {u.isAdmin ? <span className="ml-1 rounded bg-indigo-50 px-1.5 text-xs text-indigo-700">admin</span> : null}
                    {u.disabled ? <span className="ml-1 rounded bg-red-50 px-1.5 text-xs text-red-700">disabled</span> : null}
                  </td>
                  <td className="py-2 pr-3">{u.displayName}</td>
                  <td className="py-2 pr-3 text-slate-600">{u.groups.join(", ") || "—"}</td>
                  <td className="py-2 pr-3 text-slate-600">{u.factors.map((f) => f.name).join(", ") || "none"}</td>
                  <td className="py-2 pr-3 text-slate-600">
                    {u.lastLoginAt ? <time dateTime={u.lastLoginAt.toISOString()}>{u.lastLoginAt.toISOString().slice(0, 16).replace("T", " ")}</time> : "never"}
                  </td>
                  <td className="py-2 pr-3 text-slate-600">
                    {u.activeSessions}
                    {u.appPasswords ? ` + ${u.appPasswords} app` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav aria-label="Pages" className="mt-3 flex items-center gap-3 text-sm text-slate-600">
          <span>
            {users.total} user{users.total === 1 ? "" : "s"} · page {users.page} of {users.pages}
          </span>
          {users.page > 1 ? <Link href={pageHref(users.page - 1)}>Previous</Link> : null}
          {users.page < users.pages ? <Link href={pageHref(users.page + 1)}>Next</Link> : null}
        </nav>
      </Section>

      <Section id="enforcement" title="Enforce two-factor authentication" description="Users under enforcement set up a second factor at their next sign-in.">
        <EnforcementForm policy={policy} groups={groups.map((g) => g.name)} />
      </Section>

      <Section
        id="providers"
        title="Second-factor providers"
        description="Turning a provider off hides it everywhere; users keep their data and get it back when you turn it on again."
      >
        <ul className="divide-y divide-slate-100">
          {installedProviders.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-4 py-3">
              <div>
                <p className="text-sm font-medium">{p.displayName}</p>
                <p className="text-xs text-slate-600">{p.description}</p>
              </div>
              <ProviderToggle name={p.displayName} on={!off.includes(p.id)} toggle={toggleProviderAction.bind(null, p.id, off.includes(p.id))} />
            </li>
          ))}
        </ul>
      </Section>

      <GatewaysSection />

      <Section
        id="token-auth"
        title="Clients and app passwords"
        description="Users with two-factor authentication always need app passwords for clients. Turn this on to require them from everyone. You can also cap how long a new app password lasts."
      >
        <div className="space-y-6">
          <TokenAuthForm enforced={tokenAuth} />
          <AppPasswordMaxDaysForm maxDays={maxDays} />
        </div>
      </Section>

      <TrustedBrowsersSettingSection />

      <Section id="groups" title="Groups">
        <GroupForms groups={groups} />
      </Section>

      <ProtectedAppsSection />
    </AppShell>
  );
}
