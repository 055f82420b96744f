import type { Metadata } from "next";
import Link from "next/link";
import { Section } from "@/components/ui/card";
import { requireViewer } from "@/lib/dal/viewer";
import { AppShell } from "@/app/(app)/app-shell";

export const metadata: Metadata = { title: "Home" };

export default async function HomePage() {
  const viewer = await requireViewer("/");
  return (
    <AppShell viewer={viewer}>
      <Section title={`Welcome, ${viewer.displayName}`} id="welcome">
        <p className="text-sm text-slate-700">
          You are signed in as <strong data-testid="signed-in-login">{viewer.login}</strong>
          {viewer.isAdmin ? " (administrator)" : ""}.
        </p>
        <p className="mt-3 text-sm">
          <Link className="font-semibold text-indigo-600 hover:text-indigo-500" href="/settings/security">
            Security settings
          </Link>{" "}
          — devices, app passwords and two-factor authentication.
        </p>
      </Section>
    </AppShell>
  );
}
