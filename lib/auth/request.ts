import "server-only";
import type { NextRequest } from "next/server";
import { sessionCookieName } from "@/lib/auth/cookies";
import { clientMeta } from "@/lib/auth/request-meta";
import { resolveSessionCookie } from "@/lib/auth/session";
import type { ResolvedToken } from "@/lib/auth/tokens";
import { type ErrorCode } from "@/lib/errors";

/**
 * Request authentication for route handlers, in one place: a request becomes
 * `{ user, token, via }` or a typed refusal. Pages and actions use the same
 * session resolution through lib/dal/viewer.ts.
 */

export type AuthVia = "session" | "app_password" | "password";

export type RequestAuth =
  | { ok: true; user: ResolvedToken["user"]; token: ResolvedToken | null; via: AuthVia }
  | { ok: false; error: ErrorCode };

export async function authenticateRequest(request: NextRequest): Promise<RequestAuth> {
  const meta = clientMeta(request.headers);
  const session = await resolveSessionCookie(request.cookies.get(sessionCookieName())?.value, meta);
  if (session) return { ok: true, user: session.user, token: session.token, via: "session" };
  return { ok: false, error: "unauthenticated" };
}

export const BASIC_CHALLENGE = { "WWW-Authenticate": 'Basic realm="Gatehouse", charset="UTF-8"' } as const;
