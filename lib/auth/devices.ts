import "server-only";
import { z } from "zod";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { isTokenAlive, type TokenType } from "@/lib/auth/tokens";
import { deviceLabel } from "@/lib/security/user-agent";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import { voidTrustedBrowsers } from "@/lib/two-factor/trusted-browsers";
import { parseMethods } from "@/lib/two-factor/assurance";
import type { AuthMethod } from "@/lib/two-factor/types";

/**
 * A user's devices: every live token row (browser sessions and app passwords),
 * as safe objects — never the hash — and revocation by id. Every function takes
 * the owner's id and matches on it, so one user can never touch another's token.
 */

export type Device = {
  id: number;
  type: TokenType;
  /** Sessions: browser and OS from the user agent; app passwords: the name the user gave. */
  name: string;
  /** App passwords: the client that last used it, when known. */
  client: string | null;
  scope: "full" | "read_only";
  ip: string | null;
  createdAt: Date;
  lastActivity: Date;
  current: boolean;
  /** App passwords: when it stops working (null: never). */
  expiresAt: Date | null;
  /** App passwords not used for UNUSED_AFTER: probably forgotten, worth revoking. */
  unused: boolean;
  /** Sessions: how they were signed in (empty when not recorded: older sessions, app passwords). */
  methods: AuthMethod[];
};

/** After this long without a request an app password is marked unused on the devices list. */
export const UNUSED_AFTER = 90 * 86_400_000;

/** A token id from a form or the command line. */
export const tokenIdInput = z.coerce
  .number({ error: "That is not a token id." })
  .int("That is not a token id.")
  .positive("That is not a token id.")
  .max(2_147_483_647, "That is not a token id.");

export async function listDevices(userId: string, currentTokenId?: number): Promise<Device[]> {
  const rows = await db.authToken.findMany({
    where: { userId },
    orderBy: [{ lastActivity: "desc" }, { id: "desc" }],
    select: {
      id: true,
      type: true,
      name: true,
      scope: true,
      ip: true,
      userAgent: true,
      createdAt: true,
      lastActivity: true,
      expiresAt: true,
      remember: true,
      methods: true,
    },
  });
  const now = Date.now();
  return rows
    .filter((r) => isTokenAlive({ ...r, user: { disabled: false } }, now))
    .map((r) => {
      const type = r.type === "app_password" ? "app_password" : "session";
      return {
        id: r.id,
        type,
        name: type === "session" ? deviceLabel(r.userAgent) : r.name,
        client: type === "app_password" && r.userAgent ? deviceLabel(r.userAgent) : null,
        scope: r.scope === "read_only" ? "read_only" : "full",
        ip: r.ip,
        createdAt: r.createdAt,
        lastActivity: r.lastActivity,
        current: r.id === currentTokenId,
        expiresAt: type === "app_password" ? r.expiresAt : null,
        unused: type === "app_password" && now - r.lastActivity.getTime() >= UNUSED_AFTER,
        methods: type === "session" ? parseMethods(r.methods) : [],
      };
    });
}

/** Revokes one of the user's tokens; `not_found` for an unknown id or someone else's. */
export async function revokeDevice(userId: string, rawId: unknown, audit?: { meta?: ClientMeta; actor?: string }): Promise<Result<{ type: TokenType }>> {
  const id = tokenIdInput.safeParse(rawId);
  if (!id.success) return failure("not_found", "No such device or app password.");
  const revoked = await db.$transaction(async (tx) => {
    const row = await tx.authToken.findFirst({ where: { id: id.data, userId }, select: { type: true } });
    if (!row) return null;
    await tx.authToken.delete({ where: { id: id.data } });
    const type = audit?.actor ? "admin.token_revoked" : row.type === "app_password" ? "app_password.revoked" : "session.revoked";
    await recordEvent(tx, { userId, type, ...audit?.meta, actor: audit?.actor, details: { tokenId: id.data, tokenType: row.type } });
    return row.type as TokenType;
  });
  return revoked ? { ok: true, data: { type: revoked } } : failure("not_found", "No such device or app password.");
}

/**
 * Ends the user's browser sessions except `keepTokenId` (none: all of them), and
 * with `appPasswords` also every app password. Returns how many were revoked.
 */
export async function revokeSessions(tx: Prisma.TransactionClient, userId: string, options: { keepTokenId?: number; appPasswords?: boolean }): Promise<number> {
  const types: TokenType[] = options.appPasswords ? ["session", "app_password"] : ["session"];
  const { count } = await tx.authToken.deleteMany({
    where: { userId, type: { in: types }, ...(options.keepTokenId === undefined ? {} : { id: { not: options.keepTokenId } }) },
  });
  return count;
}

/** "Sign out everywhere else": also forgets every trusted browser (this one's too), so none of them skips the second factor. */
export async function revokeOtherSessions(userId: string, keepTokenId: number, meta?: ClientMeta): Promise<number> {
  return db.$transaction(async (tx) => {
    const count = await revokeSessions(tx, userId, { keepTokenId });
    const trustedBrowsers = await voidTrustedBrowsers(tx, userId);
    await recordEvent(tx, { userId, type: "sessions.revoked", ...meta, details: { count, trustedBrowsersRevoked: trustedBrowsers } });
    return count;
  });
}
