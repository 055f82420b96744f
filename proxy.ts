import { NextResponse, type NextRequest } from "next/server";
import { secureCookies } from "@/lib/auth/cookies";
import { env } from "@/lib/env";
import { refuseMalformed } from "@/lib/net/request-guard";
import { contentSecurityPolicy, newNonce } from "@/lib/security/headers";

/**
 * Runs before every page (not the API or Next's assets):
 *  1. refuses what Next itself would answer with a 500 — a broken path, a
 *     server-action request from another site or with a body that cannot be
 *     decoded (lib/net/request-guard.ts) — with a 4xx, whoever sends it;
 *  2. a fresh Content-Security-Policy nonce per request, set on the request (Next
 *     reads it from there and puts it on its scripts) and on the response;
 *  3. early redirects only, from cookie presence: no session → /login; a sign-in
 *     waiting for its second factor → /login/challenge (every page but the
 *     challenge, cancel and set-up pages). Every page, action and route still
 *     checks for itself (lib/dal, lib/auth/request.ts) — this is never the
 *     security boundary.
 */
const PUBLIC = ["/login", "/setup"];
const DURING_CHALLENGE = ["/login/challenge", "/login/cancel", "/login/setup"];

/** Where to return after signing in — unless longer than any real address (safeNext drops those anyway, and the Location header would be huge). */
const backTo = (target: string) => (target.length <= 2048 ? `?next=${encodeURIComponent(target)}` : "");
const under = (pathname: string, prefixes: string[]) => prefixes.some((p) => pathname === p || pathname.startsWith(`${p}/`));
const has = (request: NextRequest, name: string) =>
  request.cookies.has(name) || request.cookies.has(`__Host-${name}`) || request.cookies.has(`__Secure-${name}`);

export async function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: env().nodeEnv === "development", https: secureCookies() });

  const refused = await refuseMalformed(request, request.nextUrl.pathname);
  if (refused) {
    refused.headers.set("Content-Security-Policy", csp);
    return refused;
  }

  const redirectTo = earlyRedirect(request);
  if (redirectTo) {
    const redirect = NextResponse.redirect(redirectTo);
    redirect.headers.set("Content-Security-Policy", csp);
    return redirect;
  }

  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

function earlyRedirect(request: NextRequest): URL | null {
  const { pathname, search } = request.nextUrl;
  // Files (favicon.ico, robots.txt, …) are not app pages: their 404 needs no sign-in.
  if (/\.[a-z0-9]+$/i.test(pathname)) return null;
  if (has(request, "gatehouse-session")) return null;
  const url = request.nextUrl.clone();
  if (has(request, "gatehouse-challenge")) {
    if (under(pathname, DURING_CHALLENGE)) return null;
    url.pathname = "/login/challenge";
    url.search = pathname === "/login" ? (search.length <= 2048 ? search : "") : backTo(pathname + search);
    return url;
  }
  if (under(pathname, PUBLIC)) return null;
  url.pathname = "/login";
  url.search = backTo(pathname + search);
  return url;
}

export const config = {
  // Every page, including the 404 page of any path: not the API (next.config.ts
  // gives it a deny-all CSP) and not Next's own assets.
  matcher: ["/((?!api/|_next/).*)"],
};
