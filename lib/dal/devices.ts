import "server-only";
import { listDevices, type Device } from "@/lib/auth/devices";
import { currentSession } from "@/lib/auth/session";
import { tokenAuthEnforced } from "@/lib/config";
import { secondFactorRequired } from "@/lib/two-factor/provider-set";

/**
 * The security page's view of the signed-in user's devices: their own tokens
 * only (resolved from the session here, never from an id the page passes in),
 * without any hash or secret, and whether clients may still use the login
 * password.
 */
export type DevicesView = { devices: Device[]; login: string; loginPasswordWorksInApps: boolean };

export async function myDevices(): Promise<DevicesView | null> {
  const session = await currentSession();
  if (!session) return null;
  const [devices, enforced, twoFactor] = await Promise.all([
    listDevices(session.user.id, session.token.id),
    tokenAuthEnforced(),
    secondFactorRequired(session.user.id),
  ]);
  return { devices, login: session.user.login, loginPasswordWorksInApps: !enforced && !twoFactor };
}
