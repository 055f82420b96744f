import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/card";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { mustSetUpAtLogin, providersForLoginSetup } from "@/lib/two-factor/login-setup";
import { CancelLink } from "../challenge/parts";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

export default async function LoginSetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = await safeReturnTo((await searchParams).next);
  const pending = await currentPendingLogin();
  if (!pending) redirect("/login/cancel");
  if (!(await mustSetUpAtLogin(pending))) redirect(`/login/challenge?next=${encodeURIComponent(next)}`);
  const providers = await providersForLoginSetup(pending);
  const query = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  return (
    <AuthCard title="Set up two-factor authentication" subtitle={`Signing in as ${pending.user.login}`}>
      <div className="space-y-4">
        <p className="text-sm text-slate-700">Your administrator requires a second step when you sign in. Choose a method to set up now.</p>
        {providers.length === 0 ? (
          <Alert>No method can be set up here right now. Ask your administrator.</Alert>
        ) : (
          <ul className="space-y-2">
            {providers.map((p) => (
              <li key={p.id}>
                <Link href={`/login/setup/${p.id}${query}`} className="block rounded-md p-3 ring-1 ring-slate-200 hover:bg-slate-50">
                  <span className="block text-sm font-semibold">{p.displayName}</span>
                  <span className="block text-xs text-slate-600">{p.description}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <CancelLink />
      </div>
    </AuthCard>
  );
}
