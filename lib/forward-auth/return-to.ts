import "server-only";
import { protectedApps } from "@/lib/apps/app-snapshot";
import { safeNext } from "@/lib/auth/redirect";
import { matchApp } from "@/lib/forward-auth/match";
import { fromNginx } from "@/lib/forward-auth/original-request";

/**
 * Where the browser goes after signing in (`/login?rd=…` or `?next=…`): a path
 * on Gatehouse itself (lib/auth/redirect.ts `safeNext`), or an absolute http(s)
 * URL under a protected app — parsed as strictly as a proxied request's URL (no
 * user info, one plain host, no spaces, controls or backslashes) and matched by
 * origin and path prefix. Anything else goes to `fallback`: no open redirect.
 */
export async function safeReturnTo(raw: unknown, fallback = "/"): Promise<string> {
  if (typeof raw !== "string" || raw.length > 2048) return fallback;
  if (raw.startsWith("/")) return safeNext(raw, fallback);
  return (await protectedAppUrl(raw)) ?? fallback;
}

/** `raw` as a normalised URL when a protected app covers it; otherwise null. */
export async function protectedAppUrl(raw: string): Promise<string | null> {
  const parsed = fromNginx((name) => (name === "x-original-url" ? raw : name === "x-original-method" ? "GET" : undefined));
  if (!parsed.ok) return null;
  const { url } = parsed.request;
  return matchApp(await protectedApps(), url) ? url.href : null;
}

/** `rd` (the forward-auth name) first, then Gatehouse's own `next`. */
export function returnParam(params: Record<string, string | string[] | undefined>): string | string[] | undefined {
  return params.rd ?? params.next;
}
