import "server-only";
import { currentSession } from "@/lib/auth/session";
import { readTrustCookie } from "@/lib/auth/trust-cookie";
import { listTrustedBrowsers, trustOfferedTo, type TrustedBrowserView } from "@/lib/two-factor/trusted-browsers";

/** The security page's view of the signed-in user's trusted browsers (resolved from the session, never from an id the page passes). */
export type TrustedBrowsersView = { browsers: TrustedBrowserView[]; offeredDays: number | null };

export async function myTrustedBrowsers(): Promise<TrustedBrowsersView | null> {
  const session = await currentSession();
  if (!session) return null;
  const [browsers, offeredDays] = await Promise.all([listTrustedBrowsers(session.user.id, await readTrustCookie()), trustOfferedTo(session.user.id)]);
  return { browsers, offeredDays };
}
