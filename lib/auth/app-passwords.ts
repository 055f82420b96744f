import "server-only";
import { notify } from "@/lib/mail/notify";
import { z } from "zod";
import { appIdsByName, appNamesInput } from "@/lib/apps/app-password-apps";
import { appPasswordMaxDays } from "@/lib/config";
import { canonicalAppPassword, generateAppPassword } from "@/lib/auth/app-password-format";
import type { Credentials } from "@/lib/auth/authorization";
import { parseLoginName } from "@/lib/auth/login-name";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { resolveToken, type ResolvedToken } from "@/lib/auth/tokens";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import { fieldErrors, singleLine } from "@/lib/validation";

/**
 * App passwords: device-specific secrets for clients (sync apps, CalDAV/CardDAV,
 * scripts), one AuthToken row each. Shown once at creation; only the keyed hash
 * is stored. They skip the second factor on the API and never open a browser
 * session. A read-only one may only read (GET/HEAD) on the API.
 */

export const APP_PASSWORD_SCOPES = ["full", "read_only"] as const;
export type AppPasswordScope = (typeof APP_PASSWORD_SCOPES)[number];

export const appPasswordName = singleLine("Name", 100);

/** How long a new app password lasts: never (null) or 30, 90 or 365 days (the admin's maximum may shorten it). */
export const appPasswordExpiry = z.preprocess(
  (v) => (v === undefined || v === null || v === "" || v === "never" ? null : typeof v === "string" ? Number(v) : v),
  z.union([z.literal(30), z.literal(90), z.literal(365)], { error: "Choose never, 30, 90 or 365 days." }).nullable(),
);

/** How the app password came to be, for the security log and the e-mail. */
export const APP_PASSWORD_ORIGINS = {
  settings: "the security settings page",
  api: "the client API",
  login_flow: "a client's sign-in (Login Flow)",
  device: "a device code (device sign-in)",
} as const;
export type AppPasswordOrigin = keyof typeof APP_PASSWORD_ORIGINS;

export const newAppPasswordInput = z.object({
  name: appPasswordName,
  scope: z.enum(APP_PASSWORD_SCOPES, { error: "Choose full access or read-only." }).default("full"),
  // Protected apps it may reach (lib/forward-auth/); left out: every app.
  apps: appNamesInput.optional(),
  expiresInDays: appPasswordExpiry,
});

export type NewAppPassword = { id: number; secret: string; name: string; scope: AppPasswordScope; apps: string[] | null; expiresAt: Date | null };

/**
 * Checks a creation request without creating anything (the grant pages check the
 * user's choice when it is made; the password is made when the client collects it).
 */
export async function checkAppPasswordInput(input: {
  name: unknown;
  scope?: unknown;
  apps?: unknown;
  expiresInDays?: unknown;
}): Promise<Result<{ name: string; scope: AppPasswordScope; apps: { ids: string[]; names: string[] } | null; expiresInDays: number | null }>> {
  const parsed = newAppPasswordInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message, fieldErrors(parsed.error));
  const { name, scope } = parsed.data;
  // The admin's maximum shortens a longer (or endless) choice to it.
  const max = await appPasswordMaxDays();
  const chosen = parsed.data.expiresInDays;
  const expiresInDays = max === null ? chosen : Math.min(chosen ?? max, max);
  const apps = parsed.data.apps ? await appIdsByName(parsed.data.apps) : null;
  if (apps && !apps.ok) return failure("invalid_input", apps.message, { apps: apps.message });
  return { ok: true, data: { name, scope, apps: apps ? apps.data : null, expiresInDays } };
}

/**
 * Creates an app password for `userId`. `client` is the client's own address and
 * user agent when the client itself asks (API); from the settings page it is
 * omitted, and the first request made with the password fills it in. `audit` is
 * who asked, for the security log.
 */
export async function createAppPassword(
  userId: string,
  input: { name: unknown; scope?: unknown; apps?: unknown; expiresInDays?: unknown },
  options: { client?: ClientMeta; audit?: ClientMeta; origin?: AppPasswordOrigin } = {},
): Promise<Result<NewAppPassword>> {
  const checked = await checkAppPasswordInput(input);
  if (!checked.ok) return checked;
  const { name, scope, apps, expiresInDays } = checked.data;
  const origin = options.origin ?? (options.client ? "api" : "settings");
  const expiresAt = expiresInDays === null ? null : new Date(Date.now() + expiresInDays * 86_400_000);
  const secret = generateAppPassword();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.authToken.create({
      data: {
        userId,
        type: "app_password",
        hash: hashSecret(secret),
        name,
        scope,
        apps: apps ? JSON.stringify(apps.ids) : null,
        ip: options.client?.ip ?? null,
        userAgent: options.client?.userAgent ?? null,
        expiresAt,
      },
      select: { id: true },
    });
    await recordEvent(tx, {
      userId,
      type: "app_password.created",
      ...(options.audit ?? options.client),
      details: {
        tokenId: created.id,
        name,
        scope,
        via: origin,
        ...(apps ? { apps: apps.names.join(", ") } : {}),
        ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
      },
    });
    return created;
  });
  const who = options.audit ?? options.client;
  notify(userId, "app_password.created", {
    name,
    ip: who?.ip,
    userAgent: who?.userAgent,
    origin: APP_PASSWORD_ORIGINS[origin],
    expiresAt: expiresAt ?? undefined,
  });
  return { ok: true, data: { id: row.id, secret, name, scope, apps: apps ? apps.names : null, expiresAt } };
}

/** A live app password by its secret: one indexed query, or none when it cannot be one. */
export async function resolveAppPassword(secret: string): Promise<ResolvedToken | null> {
  const canonical = canonicalAppPassword(secret);
  return canonical ? resolveToken(canonical, "app_password") : null;
}

/**
 * What a client's `Authorization` credentials are, as /api/v1 and the verify
 * endpoints read them:
 * - `app_password`: a live app password (in Basic, with its owner's login name);
 * - `refused`: Bearer with anything else, an app password under another login
 *   name, or a secret shaped like an app password that is none (revoked, expired,
 *   mistyped) — refused at once: a lost phone retrying its revoked password must
 *   not draw on the address's and account's sign-in throttle (nor cost an argon2
 *   hash), and 145-bit secrets need no throttle against guessing;
 * - `login_password`: Basic with anything else, for the login-password rules.
 * A login password shaped exactly like an app password is therefore refused in
 * Basic (docs/security.md).
 */
export type ClientCredential =
  { kind: "app_password"; token: ResolvedToken } | { kind: "refused"; message: string } | { kind: "login_password"; login: string; password: string };

export async function clientCredential(credentials: Credentials): Promise<ClientCredential> {
  const canonical = canonicalAppPassword(credentials.secret);
  const token = canonical ? await resolveToken(canonical, "app_password") : null;
  if (token) {
    // An app password works only with its owner's login name in Basic (not a secret: plain comparison).
    if (credentials.scheme === "basic" && parseLoginName(credentials.login)?.key !== token.user.loginKey)
      return { kind: "refused", message: "This app password belongs to another account." };
    return { kind: "app_password", token };
  }
  if (credentials.scheme === "bearer" || canonical) return { kind: "refused", message: "Unknown or revoked app password." };
  return { kind: "login_password", login: credentials.login, password: credentials.secret };
}

/**
 * Whose app password `candidate` is, if any. Always exactly one indexed query,
 * whatever the input looks like, so the login form does the same work for an
 * app password and for any other wrong password.
 */
export async function appPasswordOwnerId(candidate: string): Promise<string | null> {
  const row = await db.authToken.findUnique({
    where: { hash: hashSecret(canonicalAppPassword(candidate) ?? candidate) },
    select: { userId: true, type: true },
  });
  return row?.type === "app_password" ? row.userId : null;
}

export async function renameAppPassword(userId: string, tokenId: number, rawName: unknown, meta?: ClientMeta): Promise<Result<{ name: string }>> {
  const parsed = appPasswordName.safeParse(rawName);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message, { name: parsed.error.issues[0]!.message });
  const name = parsed.data;
  const renamed = await db.$transaction(async (tx) => {
    const { count } = await tx.authToken.updateMany({ where: { id: tokenId, userId, type: "app_password" }, data: { name } });
    if (count === 1) await recordEvent(tx, { userId, type: "app_password.renamed", ...meta, details: { tokenId, name } });
    return count === 1;
  });
  return renamed ? { ok: true, data: { name } } : failure("not_found", "No such app password.");
}
