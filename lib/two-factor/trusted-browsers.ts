import "server-only";
import { z } from "zod";
import { DAY } from "@/lib/auth/policy";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { getConfig } from "@/lib/config";
import { hashSecret, randomToken } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { recordEvent } from "@/lib/security/events";
import { deviceLabel } from "@/lib/security/user-agent";
import { requiredAssuranceFor } from "@/lib/two-factor/assurance-policy";
import { providerSet, type LoginRequirement } from "@/lib/two-factor/provider-set";

/**
 * Trusted browsers ("Don't ask again on this browser for N days", issue #19).
 * After a solved challenge the user may trust the browser: it gets 256 random
 * bits in a cookie of its own (lib/auth/trust-cookie.ts) and the database keeps
 * only a keyed hash of the user id together with that secret — so the row is
 * found only when the same account presents it, and a cookie copied into another
 * account's sign-in finds nothing. A trusted browser skips the second factor,
 * never the password. Off for administrators' own accounts and members of a group
 * that must sign in phishing resistant (docs/security.md
 * § Trusted browsers says why), and when the admin turns `trusted_browser_days`
 * off. Voided by a password change, an admin's factor reset, "sign out
 * everywhere" and the admin's "revoke trusted browsers" (voidTrustedBrowsers).
 */

/** At most this many trusted browsers per account; trusting one more forgets the least recently used. */
export const MAX_TRUSTED_BROWSERS = 20;

const secretShape = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

const trustHash = (userId: string, secret: string) => hashSecret(`trusted-browser.${userId}.${secret}`);

/** Days a trust lasts under the current setting, or null when the admin turned trust off. */
export async function trustDays(): Promise<number | null> {
  const value = await getConfig("trusted_browser_days");
  const days = Number(value);
  return Number.isInteger(days) && days >= 1 && days <= 90 ? days : null;
}

/**
 * Whether this account may trust a browser now: the setting is on, it is no
 * administrator's account, and no group rule demands a phishing-resistant
 * sign-in of it — a trusted sign-in records "pwd" alone, which never meets that
 * rule, so skipping the key there would let the password alone in.
 */
export async function trustOfferedTo(userId: string): Promise<number | null> {
  const [days, user, assurance] = await Promise.all([
    trustDays(),
    db.user.findUnique({ where: { id: userId }, select: { isAdmin: true, disabled: true } }),
    requiredAssuranceFor(userId),
  ]);
  if (days === null || !user || user.isAdmin || user.disabled || assurance !== null) return null;
  return days;
}

/** Trusts this browser for the account; returns the cookie's secret and its lifetime, or null when trust is not offered. */
export async function trustBrowser(userId: string, meta: ClientMeta): Promise<{ secret: string; expiresAt: Date } | null> {
  const days = await trustOfferedTo(userId);
  if (days === null) return null;
  const secret = randomToken();
  const expiresAt = new Date(Date.now() + days * DAY);
  await db.$transaction(async (tx) => {
    const row = await tx.trustedBrowser.create({
      data: { userId, hash: trustHash(userId, secret), userAgent: meta.userAgent?.slice(0, 512), ip: meta.ip, expiresAt },
      select: { id: true },
    });
    await tx.trustedBrowser.deleteMany({ where: { userId, expiresAt: { lte: new Date() } } });
    const surplus = await tx.trustedBrowser.findMany({
      where: { userId },
      orderBy: [{ lastUsedAt: "desc" }, { id: "desc" }],
      skip: MAX_TRUSTED_BROWSERS,
      select: { id: true },
    });
    if (surplus.length > 0) await tx.trustedBrowser.deleteMany({ where: { id: { in: surplus.map((s) => s.id) } } });
    await recordEvent(tx, { userId, type: "trusted_browser.added", ...meta, details: { trustedBrowserId: row.id, days } });
  });
  return { secret, expiresAt };
}

/**
 * After a correct password: whether the browser's trust cookie lets this account
 * skip the second factor. Only for a live trust of this very account, under the
 * current setting (a lowered number of days shortens trusts given before), never
 * for an administrator, and never while a provider the account has on is missing
 * or every factor it has is switched off (those sign-ins stay blocked). A use is
 * logged and refreshes the row's "last used".
 */
export async function useTrustedBrowser(userId: string, secret: string | undefined, meta: ClientMeta): Promise<boolean> {
  if (secret === undefined || !secretShape.safeParse(secret).success) return false;
  const days = await trustOfferedTo(userId);
  if (days === null) return false;
  const now = Date.now();
  const row = await db.trustedBrowser.findUnique({
    where: { hash: trustHash(userId, secret) },
    select: { id: true, userId: true, expiresAt: true, createdAt: true },
  });
  if (!row || row.userId !== userId) return false;
  if (row.expiresAt.getTime() <= now || row.createdAt.getTime() + days * DAY <= now) return false;
  const set = await providerSet(userId);
  if (set.missing.length > 0 || set.factors.length === 0) return false;
  return db.$transaction(async (tx) => {
    const { count } = await tx.trustedBrowser.updateMany({
      where: { id: row.id, expiresAt: { gt: new Date(now) } },
      data: { lastUsedAt: new Date(now), ip: meta.ip, userAgent: meta.userAgent?.slice(0, 512) },
    });
    if (count !== 1) return false;
    await recordEvent(tx, { userId, type: "trusted_browser.used", ...meta, details: { trustedBrowserId: row.id } });
    return true;
  });
}

/**
 * The password step's requirement check with this browser's trust cookie: a
 * challenge the trust lets the account skip becomes "none"; set-up under
 * enforcement and every other answer stay as they are.
 */
export function skippingTrustedChallenge(
  requirement: (userId: string) => Promise<LoginRequirement>,
  secret: string | undefined,
  meta: ClientMeta,
): (userId: string) => Promise<LoginRequirement> {
  return async (userId) => {
    const then = await requirement(userId);
    return then === "challenge" && (await useTrustedBrowser(userId, secret, meta)) ? "none" : then;
  };
}

export type TrustedBrowserView = { id: number; name: string; ip: string | null; createdAt: Date; lastUsedAt: Date; expiresAt: Date; current: boolean };

/** The account's live trusted browsers, most recently used first; never the hash. `secret`: this browser's trust cookie, to mark it. */
export async function listTrustedBrowsers(userId: string, secret?: string): Promise<TrustedBrowserView[]> {
  const mine = secret !== undefined && secretShape.safeParse(secret).success ? trustHash(userId, secret) : null;
  const rows = await db.trustedBrowser.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: [{ lastUsedAt: "desc" }, { id: "desc" }],
    select: { id: true, hash: true, userAgent: true, ip: true, createdAt: true, lastUsedAt: true, expiresAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    name: deviceLabel(r.userAgent),
    ip: r.ip,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
    expiresAt: r.expiresAt,
    current: r.hash === mine,
  }));
}

const trustedBrowserId = z.coerce.number().int().positive().max(2_147_483_647);

/** Removes one of the account's trusted browsers; `not_found` for a bad id or someone else's. */
export async function revokeTrustedBrowser(userId: string, rawId: unknown, meta?: ClientMeta): Promise<Result<null>> {
  const id = trustedBrowserId.safeParse(rawId);
  if (!id.success) return failure("not_found", "No such trusted browser.");
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.trustedBrowser.deleteMany({ where: { id: id.data, userId } });
    if (count !== 1) return false;
    await recordEvent(tx, { userId, type: "trusted_browser.revoked", ...meta, details: { trustedBrowserId: id.data } });
    return true;
  });
  return done ? { ok: true, data: null } : failure("not_found", "No such trusted browser.");
}

/** Forgets every trusted browser of the account inside the caller's transaction (password change, factor reset, sign out everywhere). */
export async function voidTrustedBrowsers(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const { count } = await tx.trustedBrowser.deleteMany({ where: { userId } });
  return count;
}

/** The admin's (or CLI's) "revoke trusted browsers" for one account; logged with the actor. Returns how many went. */
export async function revokeAllTrustedBrowsers(userId: string, actor: string): Promise<number> {
  return db.$transaction(async (tx) => {
    const count = await voidTrustedBrowsers(tx, userId);
    await recordEvent(tx, { userId, actor, type: "trusted_browsers.revoked", details: { count } });
    return count;
  });
}
