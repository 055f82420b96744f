import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell";
import { requireViewer } from "@/lib/dal/viewer";
import { DevicesSection } from "./devices/section";
import { PasswordSection } from "./password/section";

export const metadata: Metadata = { title: "Security" };

/**
 * /settings/security: one page, one section per concern. Each section lives in
 * its own folder here (server component + its actions + its client forms).
 */
export default async function SecuritySettingsPage() {
  const viewer = await requireViewer("/settings/security");
  return (
    <AppShell viewer={viewer}>
      <h1 className="text-2xl font-bold">Security</h1>
      <DevicesSection />
      <PasswordSection />
    </AppShell>
  );
}
