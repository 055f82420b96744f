import { NextResponse, type NextRequest } from "next/server";

/**
 * Early redirects only, from cookie presence: no session → /login; a sign-in
 * waiting for its second factor → /login/challenge (every page but the
 * challenge, cancel and set-up pages). Every page, action and route still checks
 * for itself (lib/dal, lib/auth/request.ts) — this is never the security boundary.
 */
const PUBLIC = ["/login", "/setup"];
const DURING_CHALLENGE = ["/login/challenge", "/login/cancel", "/login/setup"];

const under = (pathname: string, prefixes: string[]) => prefixes.some((p) => pathname === p || pathname.startsWith(`${p}/`));
const has = (request: NextRequest, name: string) => request.cookies.has(name) || request.cookies.has(`__Host-${name}`);

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (has(request, "gatehouse-session")) return NextResponse.next();
  const url = request.nextUrl.clone();
  if (has(request, "gatehouse-challenge")) {
    if (under(pathname, DURING_CHALLENGE)) return NextResponse.next();
    url.pathname = "/login/challenge";
    url.search = pathname === "/login" ? search : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  if (under(pathname, PUBLIC)) return NextResponse.next();
  url.pathname = "/login";
  url.search = `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: not the API, Next's assets or files with an extension.
  matcher: ["/((?!api/|_next/|favicon.ico|.*\\.[a-z0-9]+$).*)"],
};
