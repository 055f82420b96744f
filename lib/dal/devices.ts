import "server-only";
import { listApps } from "@/lib/apps/protected-apps";
import { tokenAppAccess, type TokenAppAccess } from "@/lib/apps/token-apps";
import { listDevices, type Device } from "@/lib/auth/devices";
import { currentSession } from "@/lib/auth/session";
import { appPasswordMaxDays, tokenAuthEnforced } from "@/lib/config";
import { secondFactorRequired } from "@/lib/two-factor/provider-set";

/**
 * The security page's view of the signed-in user's devices: their own tokens
 * only (resolved from the session here, never from an id the page passes in),
 * without any hash or secret, and whether clients may still use the login
 * password.
 */
export type DeviceView = Device & TokenAppAccess;
export type DevicesView = { devices: DeviceView[]; login: string; loginPasswordWorksInApps: boolean; protectedApps: string[]; maxDays: number | null };

export async function myDevices(): Promise<DevicesView | null> {
  const session = await currentSession();
  if (!session) return null;
  const [listed, access, enforced, twoFactor, apps, maxDays] = await Promise.all([
    listDevices(session.user.id, session.token.id),
    tokenAppAccess(session.user.id),
    tokenAuthEnforced(),
    secondFactorRequired(session.user.id),
    listApps(),
    appPasswordMaxDays(),
  ]);
  const devices = listed.map((d) => ({ ...d, ...(access.get(d.id) ?? { apps: null, lastApp: null }) }));
  return { devices, login: session.user.login, loginPasswordWorksInApps: !enforced && !twoFactor, protectedApps: apps.map((a) => a.name), maxDays };
}
