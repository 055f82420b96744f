import { NextResponse, type NextRequest } from "next/server";
import { secureCookies } from "@/lib/auth/cookies";
import { env } from "@/lib/env";
import { contentSecurityPolicy, newNonce } from "@/lib/security/headers";

/**
 * Runs before every page (not the API or Next's assets):
 *  1. a fresh Content-Security-Policy nonce per request, set on the request (Next
 *     reads it from there and puts it on its scripts) and on the response;
 *  2. an early redirect only: a request for an app page without any session
 *     cookie goes straight to /login. Every page, action and route still checks
 *     the session itself (lib/dal, lib/auth/request.ts) — this is never the
 *     security boundary.
 */
const PUBLIC = ["/login", "/setup"];

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: env().nodeEnv === "development", https: secureCookies() });

  if (needsSignIn(request)) {
    const { pathname, search } = request.nextUrl;
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = `?next=${encodeURIComponent(pathname + search)}`;
    const redirect = NextResponse.redirect(url);
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

function needsSignIn(request: NextRequest): boolean {
  const { pathname } = request.nextUrl;
  if (PUBLIC.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return false;
  // Files (favicon.ico, robots.txt, …) are not app pages: their 404 needs no sign-in.
  if (/\.[a-z0-9]+$/i.test(pathname)) return false;
  return !(request.cookies.has("gatehouse-session") || request.cookies.has("__Host-gatehouse-session"));
}

export const config = {
  // Every page, including the 404 page of any path: not the API (next.config.ts
  // gives it a deny-all CSP) and not Next's own assets.
  matcher: ["/((?!api/|_next/).*)"],
};
