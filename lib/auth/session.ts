import "server-only";
import { afterResponse } from "@/lib/background";
import { requestCookies, requestHeaders } from "@/lib/auth/request-cookies";
import { cache } from "react";
import { sessionCookieName } from "@/lib/auth/cookies";
import { clientMeta, type ClientMeta } from "@/lib/auth/request-meta";
import { sessionCookieTokenHash } from "@/lib/auth/session-cookie";
import { needsActivityWrite, recordActivity, resolveTokenByHash, type ResolvedToken } from "@/lib/auth/tokens";

/**
 * The browser session of the current request: cookie → session secret → token row
 * (one indexed query). Resolved once per request (React `cache`); a deleted,
 * expired or idle row means no session, at once. The cookie itself is decrypted
 * once per process (lib/auth/session-cookie.ts); the row is read every time.
 */

export type Authenticated = { user: ResolvedToken["user"]; token: ResolvedToken };

export async function resolveSessionCookie(value: string | undefined, meta: ClientMeta): Promise<Authenticated | null> {
  const hash = sessionCookieTokenHash(value);
  if (!hash) return null;
  const token = await resolveTokenByHash(hash, "session");
  if (!token) return null;
  if (needsActivityWrite(token)) afterResponse(() => recordActivity(token.id, meta));
  return { user: token.user, token };
}

export const currentSession = cache(async (): Promise<Authenticated | null> => {
  const [jar, h] = await Promise.all([requestCookies(), requestHeaders()]);
  // A browser that hung up has no session to show (lib/auth/request-cookies.ts).
  if (!jar || !h) return null;
  return resolveSessionCookie(jar.get(sessionCookieName())?.value, clientMeta(h));
});
