import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/ui/card";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { mustSetUpAtLogin } from "@/lib/two-factor/login-setup";
import { byAssurance } from "@/lib/two-factor/assurance";
import { offeredProviders } from "@/lib/two-factor/challenge-flow";
import { BlockedLogin, CancelLink } from "./parts";

export const metadata: Metadata = { title: "Two-factor authentication" };

/**
 * The second step's entry: straight to the preferred provider (the last used),
 * or — with ?choose — the list of every way this account can finish signing in.
 */
export default async function ChallengePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = await safeReturnTo(params.next);
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  if (await mustSetUpAtLogin(pending)) redirect(`/login/setup${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`);
  // Security keys and passkeys first, the rest as the account orders them.
  const offered = offeredProviders(pending).toSorted(byAssurance);
  if (offered.length === 0) return <BlockedLogin />;
  const query = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  if (!("choose" in params) && pending.preferred) redirect(`/login/challenge/${pending.preferred.id}${query}`);
  return (
    <AuthCard title="Choose how to sign in" subtitle={`Signing in as ${pending.user.login}`}>
      <ul className="space-y-2">
        {offered.map((p) => (
          <li key={p.id}>
            <Link href={`/login/challenge/${p.id}${query}`} className="flex items-start gap-3 rounded-md p-3 ring-1 ring-slate-200 hover:bg-slate-50">
              <svg aria-hidden="true" viewBox="0 0 24 24" className="mt-0.5 h-5 w-5 flex-none fill-none stroke-slate-500 stroke-2">
                <path d={p.icon} strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              <span>
                <span className="block text-sm font-semibold text-slate-900">{p.displayName}</span>
                <span className="block text-xs text-slate-600">{p.description}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <div className="mt-4">
        <CancelLink />
      </div>
    </AuthCard>
  );
}
