import "server-only";
import { hashSecret, randomToken } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { readTokenRow } from "@/lib/db/token-row";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { ACTIVITY_WRITE_INTERVAL, SESSION_ABSOLUTE, SESSION_IDLE, SESSION_IDLE_REMEMBER } from "@/lib/auth/policy";
import type { ClientMeta } from "@/lib/auth/request-meta";

/**
 * Token rows (Nextcloud's oc_authtoken): every way in is one. The secret is given
 * to the client once; only its keyed hash is stored and looked up.
 */

export type TokenType = "session" | "app_password";

/** The shape of a resolved token: what lib/db/token-row.ts reads in one joined query. */
export const tokenWithUser = {
  id: true,
  type: true,
  userId: true,
  name: true,
  lastActivity: true,
  expiresAt: true,
  remember: true,
  scope: true,
  reauthAt: true,
  ip: true,
  userAgent: true,
  createdAt: true,
  apps: true,
  methods: true,
  user: { select: { id: true, login: true, loginKey: true, displayName: true, email: true, isAdmin: true, disabled: true } },
} satisfies Prisma.AuthTokenSelect;

export type ResolvedToken = Prisma.AuthTokenGetPayload<{ select: typeof tokenWithUser }>;

type Tx = Prisma.TransactionClient;

export async function createSessionToken(
  tx: Tx,
  input: { userId: string; remember: boolean; meta: ClientMeta; reauthAt: Date | null; methods?: string },
): Promise<{ secret: string; id: number }> {
  const secret = randomToken();
  const now = new Date();
  const row = await tx.authToken.create({
    data: {
      userId: input.userId,
      type: "session",
      hash: hashSecret(secret),
      name: input.meta.userAgent ?? "Unknown browser",
      userAgent: input.meta.userAgent,
      ip: input.meta.ip,
      remember: input.remember,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE),
      lastActivity: now,
      reauthAt: input.reauthAt,
      methods: input.methods ?? null,
    },
    select: { id: true },
  });
  return { secret, id: row.id };
}

/** A token works while its user is enabled and it is neither expired nor idle too long. */
export function isTokenAlive(
  token: Pick<ResolvedToken, "type" | "expiresAt" | "lastActivity" | "remember"> & { user: { disabled: boolean } },
  now = Date.now(),
): boolean {
  if (token.user.disabled) return false;
  if (token.expiresAt && token.expiresAt.getTime() <= now) return false;
  if (token.type === "session") {
    const idle = token.remember ? SESSION_IDLE_REMEMBER : SESSION_IDLE;
    if (token.lastActivity.getTime() + idle <= now) return false;
  }
  return true;
}

/**
 * One indexed query by hash (lib/db/token-row.ts, the hot path); null for
 * unknown, expired, idle or disabled.
 */
export async function resolveToken(secret: string, type: TokenType): Promise<ResolvedToken | null> {
  return resolveTokenByHash(hashSecret(secret), type);
}

/** resolveToken with the secret's keyed hash already at hand (session cookies: lib/auth/session-cookie.ts). */
export async function resolveTokenByHash(hash: string, type: TokenType): Promise<ResolvedToken | null> {
  const token = await readTokenRow(hash);
  if (!token || token.type !== type || !isTokenAlive(token)) return null;
  return token;
}

/**
 * True when the row's activity is stale enough to be worth a write, or when it
 * has never been used from anywhere (an app password created on the settings
 * page has no address until its first request).
 */
export function needsActivityWrite(token: Pick<ResolvedToken, "lastActivity" | "ip">, now = Date.now()): boolean {
  return token.ip === null || now - token.lastActivity.getTime() >= ACTIVITY_WRITE_INTERVAL;
}

/**
 * Records activity at most once a minute per token. The conditional update makes
 * concurrent requests write once; callers run it after the response (next/server `after`).
 */
export async function recordActivity(tokenId: number, meta: ClientMeta, now = new Date()): Promise<void> {
  await db.authToken.updateMany({
    where: { id: tokenId, OR: [{ lastActivity: { lte: new Date(now.getTime() - ACTIVITY_WRITE_INTERVAL) } }, { ip: null }] },
    // "unknown" rather than null, so a request without an address is not a first use forever.
    data: { lastActivity: now, ip: meta.ip ?? "unknown", userAgent: meta.userAgent },
  });
}

export async function deleteToken(where: { id: number; userId: string }): Promise<boolean> {
  const { count } = await db.authToken.deleteMany({ where });
  return count === 1;
}
