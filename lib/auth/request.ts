import "server-only";
import "@/lib/plugins"; // the composition root: hands the core its providers
import { isThrottled, passwordAttempt } from "@/lib/auth/attempts";
import { tooManyRequestsResponse } from "@/lib/auth/throttle";
import type { NextRequest } from "next/server";
import { afterResponse } from "@/lib/background";
import { clientCredential } from "@/lib/auth/app-passwords";
import { parseAuthorization } from "@/lib/auth/authorization";
import { cookieFromHeader, sessionCookieName } from "@/lib/auth/cookies";
import { serverUrl } from "@/lib/auth/login-uri";
import { verifyPassword } from "@/lib/auth/password";
import { PASSWORD_MAX_LENGTH } from "@/lib/auth/policy";
import { clientMeta, type ClientMeta } from "@/lib/auth/request-meta";
import { resolveSessionCookie } from "@/lib/auth/session";
import { needsActivityWrite, recordActivity, type ResolvedToken } from "@/lib/auth/tokens";
import { tokenAuthEnforced } from "@/lib/config";
import { db } from "@/lib/db";
import { ERRORS, errorResponse, type ErrorCode } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { findUserByLogin } from "@/lib/users";

/**
 * Request authentication for route handlers, in one place: a request becomes
 * `{ user, token, via }` or a typed refusal. Pages and actions use the same
 * session resolution through lib/dal/viewer.ts.
 *
 * - No Authorization header: the browser session cookie.
 * - `Bearer <app password>`, or `Basic base64(login:app password)` where the
 *   login names the app password's owner: one indexed query by keyed hash, no
 *   slow hash, no second factor (app passwords are for clients).
 * - `Basic base64(login:login password)`: argon2, then refused with
 *   `app_password_required` when the user has a second factor or the admin set
 *   `token_auth_enforced`, and with `two_factor_setup_required` (403: the
 *   password was right, asking again is no use) when 2FA is enforced for the
 *   user who has no factor yet. A wrong password is written to the security log.
 * - A read-only app password may only GET/HEAD, unless the route says its
 *   writes are safe for it (revoking itself).
 */

export type AuthVia = "session" | "app_password" | "password";

export type RequestAuth =
  { ok: true; user: ResolvedToken["user"]; token: ResolvedToken | null; via: AuthVia } | { ok: false; error: ErrorCode; message?: string; retryAfter?: number };

const READ_METHODS = new Set(["GET", "HEAD"]);

export async function authenticateRequest(request: NextRequest, options: { readOnlyAllowed?: boolean } = {}): Promise<RequestAuth> {
  const meta = clientMeta(request.headers);
  const header = request.headers.get("authorization");
  const auth = header === null ? await viaSessionCookie(request, meta) : await viaAuthorization(header, meta, () => serverUrl(request.headers));
  if (auth.ok && auth.token?.scope === "read_only" && !READ_METHODS.has(request.method) && !options.readOnlyAllowed) {
    return { ok: false, error: "read_only_token" };
  }
  return auth;
}

async function viaSessionCookie(request: NextRequest, meta: ClientMeta): Promise<RequestAuth> {
  const session = await resolveSessionCookie(cookieFromHeader(request.headers.get("cookie"), sessionCookieName()), meta);
  if (session) return { ok: true, user: session.user, token: session.token, via: "session" };
  return { ok: false, error: "unauthenticated" };
}

async function viaAuthorization(header: string, meta: ClientMeta, server: () => string): Promise<RequestAuth> {
  const parsed = parseAuthorization(header);
  if (!parsed.ok) return parsed;
  const credential = await clientCredential(parsed.credentials);
  if (credential.kind === "app_password") return viaAppPassword(credential.token, meta);
  if (credential.kind === "refused") return { ok: false, error: "invalid_credentials", message: credential.message };
  return viaLoginPassword(credential.login, credential.password, meta, server);
}

function viaAppPassword(token: ResolvedToken, meta: ClientMeta): RequestAuth {
  if (needsActivityWrite(token)) afterResponse(() => recordActivity(token.id, meta));
  return { ok: true, user: token.user, token, via: "app_password" };
}

/**
 * The login password in Basic, by the /api/v1 rules (also the verify endpoints'
 * rule: lib/forward-auth/identity.ts). `server` names where to set 2FA up; a
 * failed check is logged with `via` (and the caller's details).
 */
export async function viaLoginPassword(
  login: string,
  password: string,
  meta: ClientMeta,
  server: () => string,
  via: Record<string, string> = { via: "api" },
): Promise<RequestAuth> {
  if (password.length > PASSWORD_MAX_LENGTH) return { ok: false, error: "invalid_credentials" };
  // Throttled per address and per account like the login form (lib/auth/attempts.ts).
  // Only passwords the throttle let through are checked, so only they are logged:
  // the log grows no faster than an attacker may guess.
  const checked = await passwordAttempt("api_basic", login, meta, async () => {
    const found = await findUserByLogin(login);
    const correct = await verifyPassword(found?.passwordHash, password);
    if (found && correct) return { ok: true as const, user: found };
    await recordEvent(db, {
      userId: found?.id ?? null,
      type: "sign_in.failed",
      ...meta,
      details: { ...via, reason: found ? "wrong_password" : "unknown_login" },
    });
    return { ok: false as const };
  });
  if (isThrottled(checked)) return { ok: false, error: "too_many_requests", message: checked.message, retryAfter: checked.retryAfter };
  if (!checked.ok) return { ok: false, error: "invalid_credentials" };
  const { user } = checked;
  if (user.disabled) return { ok: false, error: "account_disabled" };
  const [tokensOnly, requirement] = await Promise.all([tokenAuthEnforced(), loginRequirement(user.id)]);
  if (requirement === "challenge") return { ok: false, error: "app_password_required" };
  // Under 2FA enforcement with no factor yet: only the browser can set one up, and
  // an app password is to be had only after that.
  if (requirement === "setup") return { ok: false, error: "two_factor_setup_required", message: setupRequiredMessage(server) };
  if (tokensOnly) return { ok: false, error: "app_password_required" };
  const { id, login: name, loginKey, displayName, email, isAdmin, disabled } = user;
  return { ok: true, user: { id, login: name, loginKey, displayName, email, isAdmin, disabled }, token: null, via: "password" };
}

function setupRequiredMessage(server: () => string): string {
  return `Your administrator requires two-factor authentication for this account. Set it up in a browser at ${server()}/login, then give this client an app password instead of your login password.`;
}

/** (contract) The challenge sent with every 401 from the client API. */
export const BASIC_CHALLENGE = { "WWW-Authenticate": 'Basic realm="Gatehouse"' } as const;

/** The JSON answer to a refused request: `{ error, message }`, with the Basic challenge on 401. */
export function refusal(refused: { error: ErrorCode; message?: string; retryAfter?: number }): Response {
  if (refused.retryAfter !== undefined) return tooManyRequestsResponse(refused.retryAfter);
  const challenge = ERRORS[refused.error].status === 401 ? BASIC_CHALLENGE : {};
  return errorResponse(refused.error, { message: refused.message, headers: { ...challenge, "Cache-Control": "no-store" } });
}
