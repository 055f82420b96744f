import type { Metadata } from "next";
import { AppShell } from "@/app/(app)/app-shell";
import { Alert } from "@/components/ui/alert";
import { requireViewer } from "@/lib/dal/viewer";
import { SecurityActivitySection } from "./activity/section";
import { TwoFactorSection } from "./two-factor/section";
import { DevicesSection } from "./devices/section";
import { PasswordSection } from "./password/section";

export const metadata: Metadata = { title: "Security" };

/**
 * /settings/security: one page, one section per concern. Each section lives in
 * its own folder here (server component + its actions + its client forms).
 */
const notices: Record<string, { tone: "success" | "warning"; text: string }> = {
  "factor-set-up": { tone: "success", text: "Two-factor authentication is on. Generate backup codes below so you can still sign in if you lose your device." },
  "set-up-factor": {
    tone: "warning",
    text: "You signed in with a one-time code from your administrator. Set up a new second factor now, and turn off the one you lost.",
  },
};

export default async function SecuritySettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer("/settings/security");
  const key = (await searchParams).notice;
  // Own keys only: "?notice=constructor" must not find Object.prototype's.
  const notice = typeof key === "string" && Object.hasOwn(notices, key) ? notices[key] : undefined;
  return (
    <AppShell viewer={viewer}>
      <h1 className="text-2xl font-bold">Security</h1>
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      <DevicesSection />
      <TwoFactorSection viewer={viewer} />
      <PasswordSection />
      <SecurityActivitySection viewer={viewer} />
    </AppShell>
  );
}
