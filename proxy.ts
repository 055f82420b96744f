import { NextResponse, type NextRequest } from "next/server";

/**
 * An early redirect only: a request for an app page without any session cookie
 * goes straight to /login. Every page, action and route still checks the session
 * itself (lib/dal, lib/auth/request.ts) — this is never the security boundary.
 */
const PUBLIC = ["/login", "/setup"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
  const hasSession = request.cookies.has("gatehouse-session") || request.cookies.has("__Host-gatehouse-session");
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/login";
  url.search = `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: not the API, Next's assets or files with an extension.
  matcher: ["/((?!api/|_next/|favicon.ico|.*\\.[a-z0-9]+$).*)"],
};
