import "server-only";
import { listApps } from "@/lib/apps/protected-apps";
import type { GrantView } from "@/lib/client-flows/grants";
import { appPasswordMaxDays } from "@/lib/config";

/**
 * The grant pages' safe view of a client's sign-in request (lib/client-flows/):
 * what the client is and where it asked from, and whether that differs from the
 * browser's own address — the warning that makes a phished link visible.
 */
export type GrantPageView = {
  clientName: string;
  device: string | null;
  ip: string | null;
  createdAt: string;
  matchCode: string;
  kind: GrantView["kind"];
  addressDiffers: boolean;
  browserIp: string | null;
  /** A flow started from the settings page whose app has not polled yet: no device or address to show, nothing to grant. */
  waitingForApp: boolean;
};

export function grantPageView(grant: GrantView, browserIp: string | null): GrantPageView {
  return {
    clientName: grant.clientName,
    device: grant.device,
    ip: grant.ip,
    createdAt: grant.createdAt.toISOString(),
    matchCode: grant.matchCode,
    kind: grant.kind,
    addressDiffers: grant.ip !== null && grant.ip !== browserIp,
    browserIp,
    waitingForApp: grant.ip === null,
  };
}

/** The choices the grant form offers: the protected apps, and the admin's longest lifetime. */
export async function grantFormOptions(): Promise<{ apps: string[]; maxDays: number | null }> {
  const [apps, maxDays] = await Promise.all([listApps(), appPasswordMaxDays()]);
  return { apps: apps.map((a) => a.name), maxDays };
}
