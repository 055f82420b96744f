import "server-only";
import { clientCredential } from "@/lib/auth/app-passwords";
import { parseAuthorization } from "@/lib/auth/authorization";
import { cookieFromHeader, sessionCookieName } from "@/lib/auth/cookies";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { viaLoginPassword, type AuthVia, type RequestAuth } from "@/lib/auth/request";
import { sessionCookieTokenHash } from "@/lib/auth/session-cookie";
import { resolveTokenByHash, type ResolvedToken } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import type { ErrorCode } from "@/lib/errors";

/**
 * Who is behind a proxied request, from the credentials it carries:
 * - no Authorization: the Gatehouse session cookie (decoded once per process,
 *   then one indexed lookup of the token row, as lib/auth/session.ts does);
 * - `Bearer <app password>` or `Basic login:app password`: one indexed lookup by
 *   keyed hash, no slow hash; a secret shaped like an app password that is none
 *   (revoked) is refused there (lib/auth/app-passwords.ts `clientCredential`);
 * - `Basic login:login password`: argon2 and the /api/v1 rules (refused once the
 *   user has a second factor or token auth is enforced), throttled per address
 *   and account; a wrong one is written to the security log (lib/auth/request.ts).
 * Writes nothing else: last activity is the caller's, after the answer.
 */

export type Identity = { via: AuthVia; user: ResolvedToken["user"]; token: ResolvedToken | null };

export type IdentityResult = { ok: true; identity: Identity } | { ok: false; error: ErrorCode; retryAfter?: number };

export async function identify(authorization: string | undefined, cookie: string | undefined, meta: ClientMeta, app: string): Promise<IdentityResult> {
  return authorization === undefined ? viaSession(cookie) : viaAuthorization(authorization, meta, app);
}

async function viaSession(cookie: string | undefined): Promise<IdentityResult> {
  const hash = sessionCookieTokenHash(cookieFromHeader(cookie ?? null, sessionCookieName()));
  const token = hash ? await resolveTokenByHash(hash, "session") : null;
  return token ? { ok: true, identity: { via: "session", user: token.user, token } } : { ok: false, error: "unauthenticated" };
}

async function viaAuthorization(header: string, meta: ClientMeta, app: string): Promise<IdentityResult> {
  const parsed = parseAuthorization(header);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const credential = await clientCredential(parsed.credentials);
  if (credential.kind === "app_password") return { ok: true, identity: { via: "app_password", user: credential.token.user, token: credential.token } };
  if (credential.kind === "refused") return { ok: false, error: "invalid_credentials" };
  return fromRequestAuth(await viaLoginPassword(credential.login, credential.password, meta, serverBase, { via: "forward_auth", app }));
}

/** Where a user is sent to set up two-factor authentication. */
function serverBase(): string {
  const { publicUrl, port } = env();
  return publicUrl ?? `http://localhost:${port}`;
}

function fromRequestAuth(auth: RequestAuth): IdentityResult {
  if (auth.ok) return { ok: true, identity: { via: auth.via, user: auth.user, token: auth.token } };
  return { ok: false, error: auth.error, ...(auth.retryAfter === undefined ? {} : { retryAfter: auth.retryAfter }) };
}
