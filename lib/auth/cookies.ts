import "server-only";
import { env } from "@/lib/env";

/**
 * Cookie names and flags. Over https (PUBLIC_URL https://…) cookies get Secure and
 * the `__Host-` prefix, which pins them to this host and path "/". With
 * COOKIE_DOMAIN the session cookie alone carries that Domain, so the apps'
 * subdomains see it too (forward auth), and `__Secure-` instead: `__Host-`
 * forbids a Domain (docs/security.md § Forward auth has the trade-off).
 */
export function secureCookies(): boolean {
  return env().publicUrl?.startsWith("https://") ?? false;
}

function named(base: string): string {
  return secureCookies() ? `__Host-${base}` : base;
}

export const sessionCookieName = () => (secureCookies() && env().cookieDomain ? "__Secure-gatehouse-session" : named("gatehouse-session"));
export const challengeCookieName = () => named("gatehouse-challenge");
export const deviceCookieName = () => named("gatehouse-device");
/** A browser's passkey sign-in request (lib/providers/webauthn/passkey-cookie.ts): one live request per browser. */
export const passkeyCookieName = () => named("gatehouse-passkey");
/** A trusted browser's secret (lib/two-factor/trusted-browsers.ts): host-only like the others, never the session's Domain. */
export const trustCookieName = () => named("gatehouse-trust");

export function cookieOptions(maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: secureCookies(),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/** The session cookie's flags: cookieOptions plus the COOKIE_DOMAIN, if any. */
export function sessionCookieOptions(maxAgeSeconds?: number) {
  const domain = env().cookieDomain;
  return { ...cookieOptions(maxAgeSeconds), ...(domain ? { domain } : {}) };
}

/**
 * What to pass to `cookies().delete()`: the same flags as when set. Browsers
 * ignore a `__Host-` cookie's deletion unless it too is Secure with Path=/.
 */
export function deletedCookie(name: string) {
  return { name, ...cookieOptions() };
}

/**
 * One cookie's value from a raw `Cookie` header, or undefined. The client API's hot
 * path reads only this one cookie, so it skips parsing every cookie into a map
 * (Next's `request.cookies`). Values are taken as sent: ours are base64url and
 * never percent-encoded; a name given twice yields the first, as browsers send
 * the most specific cookie first.
 */
export function cookieFromHeader(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (let start = 0; start < header.length;) {
    let end = header.indexOf(";", start);
    if (end < 0) end = header.length;
    const eq = header.indexOf("=", start);
    if (eq > start && eq < end && header.slice(start, eq).trim() === name) return header.slice(eq + 1, end).trim();
    start = end + 1;
  }
  return undefined;
}
