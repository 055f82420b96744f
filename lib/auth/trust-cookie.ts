import "server-only";
import { cookieOptions, deletedCookie, trustCookieName } from "@/lib/auth/cookies";
import { requestCookies } from "@/lib/auth/request-cookies";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { trustBrowser } from "@/lib/two-factor/trusted-browsers";

/**
 * The trusted-browser cookie: its own HttpOnly, SameSite=Lax cookie (`__Host-`
 * under https, so never sent to the apps' subdomains even with COOKIE_DOMAIN),
 * living as long as the trust.
 */

export async function readTrustCookie(): Promise<string | undefined> {
  return (await requestCookies())?.get(trustCookieName())?.value;
}

/** After a solved challenge with "Don't ask again on this browser" ticked: trust it, if the account may. */
export async function trustThisBrowser(userId: string, meta: ClientMeta): Promise<boolean> {
  const trusted = await trustBrowser(userId, meta);
  const jar = trusted ? await requestCookies() : null;
  if (!trusted || !jar) return false;
  jar.set(trustCookieName(), trusted.secret, cookieOptions(Math.floor((trusted.expiresAt.getTime() - Date.now()) / 1000)));
  return true;
}

export async function clearTrustCookie(): Promise<void> {
  (await requestCookies())?.delete(deletedCookie(trustCookieName()));
}
