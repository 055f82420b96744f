import type { Metadata } from "next";
import { AppShell } from "@/app/(app)/app-shell";
import { Section } from "@/components/ui/card";
import { formatUserCode, normalizeUserCode } from "@/lib/client-flows/codes";
import { requireViewer } from "@/lib/dal/viewer";
import { DeviceCodeForm } from "./device-form";

export const metadata: Metadata = { title: "Connect a device", referrer: "no-referrer" };

/**
 * RFC 8628's verification page: the signed-in user types the code the device
 * shows (or arrives with it from verification_uri_complete: prefilled, never
 * looked up without the user pressing Continue), then grants or declines.
 */
export default async function DevicePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).user_code;
  const code = normalizeUserCode(typeof raw === "string" ? raw : undefined);
  const viewer = await requireViewer(code ? `/device?user_code=${formatUserCode(code)}` : "/device");
  return (
    <AppShell viewer={viewer}>
      <Section
        title="Connect a device"
        id="device"
        description="A TV, a command-line tool or another device without a browser showed you a code. Enter it here to let that device sign in to your account."
      >
        <DeviceCodeForm prefill={code ? formatUserCode(code) : ""} />
      </Section>
    </AppShell>
  );
}
