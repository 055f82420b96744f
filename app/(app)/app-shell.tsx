import Link from "next/link";
import type { ReactNode } from "react";
import { signOutAction } from "@/app/(app)/actions";
import { SubmitButton } from "@/components/ui/button";
import { ApprovalBanner } from "@/app/(app)/approval-banner";

export function AppShell({ viewer, children }: { viewer: { displayName: string; login: string; isAdmin: boolean }; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-4xl items-center gap-6 px-4 py-3">
          <Link href="/" className="font-semibold text-indigo-600">
            Gatehouse
          </Link>
          <Link href="/settings/security" className="text-sm text-slate-700 hover:text-slate-900">
            Security
          </Link>
          {viewer.isAdmin ? (
            <Link href="/admin/security" className="text-sm text-slate-700 hover:text-slate-900">
              Administration
            </Link>
          ) : null}
          <div className="ml-auto flex items-center gap-3">
            <span className="text-sm text-slate-600" title={viewer.login}>
              {viewer.displayName}
            </span>
            <form action={signOutAction}>
              <SubmitButton variant="secondary" pendingText="Signing out…">
                Sign out
              </SubmitButton>
            </form>
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-4xl space-y-6 px-4 py-8">
        <ApprovalBanner />
        {children}
      </main>
    </div>
  );
}
