import "server-only";
import os from "node:os";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import type { Prisma } from "@/lib/generated/sqlite/client";

/**
 * The security log. Every change worth telling a user or an auditor about writes
 * one SecurityEvent row, in the same transaction as the change itself (pass the
 * transaction client), so a change and its record exist together or not at all.
 * Events that record no change (a failed sign-in) may pass `db`.
 */

/** The catalogue: event type → what the account owner reads on their security page. */
export const EVENT_TYPES = {
  "sign_in.succeeded": "Signed in",
  "sign_in.failed": "Failed sign-in attempt",
  "challenge.passed": "Two-factor check passed",
  "challenge.failed": "Wrong two-factor code",
  "factor.enabled": "Two-factor method turned on",
  "factor.disabled": "Two-factor method turned off",
  "backup_codes.regenerated": "New backup codes generated",
  "app_password.created": "App password created",
  "app_password.renamed": "App password renamed",
  "app_password.revoked": "App password revoked",
  "client_grant.granted": "Allowed a client to sign in (it gets its own app password)",
  "client_grant.denied": "Refused a client's sign-in request",
  "session.revoked": "Signed out a session",
  "sessions.revoked": "Signed out all other sessions",
  "session.stepped_up": "Confirmed a signed-in session with a security key or passkey",
  "password.changed": "Password changed",
  "account.created": "Account created",
  "admin.factor_enabled": "An administrator turned on a two-factor method",
  "admin.factor_disabled": "An administrator turned off a two-factor method",
  "admin.token_revoked": "An administrator revoked a session or app password",
  "admin.account_changed": "An administrator changed the account",
  "admin.bypass_code_generated": "An administrator generated a one-time sign-in code",
  "admin.enforcement_changed": "Two-factor enforcement changed",
  "admin.config_changed": "A setting was changed",
  "admin.gateway_changed": "A message gateway was changed",
  "admin.group_changed": "A group was changed",
  "admin.app_changed": "A protected app was changed",
  "trusted_browser.added": "A browser was trusted: no second factor asked there",
  "trusted_browser.used": "Signed in on a trusted browser without a second factor",
  "trusted_browser.revoked": "A trusted browser was removed",
  "trusted_browsers.revoked": "Every trusted browser was removed",
  "factor.preferred": "Preferred two-factor method chosen",
  "approval.requested": "A new sign-in asked a signed-in device for approval",
  "approval.approved": "A new sign-in was approved on a signed-in device",
  "approval.denied": "A new sign-in was refused on a signed-in device",
  "approval.secured": "A refused sign-in was ended (“Secure my account”)",
  "security_key.renamed": "Security key renamed",
  "security_key.removed": "Security key removed",
  "security_key.clone_warning": "A security key's sign counter went back: it may have been copied",
} as const;

export type SecurityEventType = keyof typeof EVENT_TYPES;

/** Flat, small, and never a secret: names, ids, provider ids, flags. */
export type EventDetails = Record<string, string | number | boolean | null>;

export type EventInput = {
  userId: string | null;
  /** Who did it when not the user: "cli:<os user>" or an admin's login. */
  actor?: string | null;
  type: SecurityEventType;
  ip?: string | null;
  userAgent?: string | null;
  details?: EventDetails;
};

/** A transaction client (or `db` itself). */
export type EventWriter = Pick<Prisma.TransactionClient, "securityEvent">;

const SECRET_KEYS = /^(password|passphrase|secret|code|codes|otp|token|hash|key)$/i;
const MAX_DETAIL_KEYS = 16;

export function cleanDetails(details: EventDetails | undefined): string | null {
  if (!details) return null;
  const entries = Object.entries(details);
  if (entries.length > MAX_DETAIL_KEYS) throw new Error(`security event details: at most ${MAX_DETAIL_KEYS} keys`);
  const out: EventDetails = {};
  for (const [key, value] of entries) {
    // A bug, not input: secrets never go into the log.
    if (SECRET_KEYS.test(key)) throw new Error(`security event details must not contain "${key}"`);
    out[key.slice(0, 40)] = typeof value === "string" ? value.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 200) : value;
  }
  return JSON.stringify(out);
}

export async function recordEvent(tx: EventWriter, event: EventInput): Promise<number> {
  if (!(event.type in EVENT_TYPES)) throw new Error(`unknown security event type "${event.type}"`);
  const row = await tx.securityEvent.create({
    data: {
      userId: event.userId,
      actor: event.actor?.slice(0, 128) ?? null,
      type: event.type,
      ip: event.ip?.slice(0, 64) ?? null,
      userAgent: event.userAgent?.slice(0, 512) ?? null,
      details: cleanDetails(event.details),
    },
    select: { id: true },
  });
  // The operator's copy, one log line (written when the row is; a rolled-back transaction may leave the line alone).
  log.info("security event", {
    event: event.type,
    eventId: row.id,
    userId: event.userId,
    actor: event.actor ?? undefined,
    ip: event.ip ?? undefined,
    details: event.details,
  });
  return row.id;
}

/** The actor of an admin CLI command: "cli:<operating-system user>". */
export function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return "cli:unknown";
  }
}

export type StoredEvent = {
  id: number;
  type: string;
  actor: string | null;
  ip: string | null;
  userAgent: string | null;
  details: EventDetails;
  createdAt: Date;
};

export function parseDetails(raw: string | null): EventDetails {
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as EventDetails) : {};
  } catch {
    return {};
  }
}

/** A user's most recent events, newest first. */
export async function recentEvents(userId: string, take = 20): Promise<StoredEvent[]> {
  const rows = await db.securityEvent.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(take, 1), 100),
    select: { id: true, type: true, actor: true, ip: true, userAgent: true, details: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, details: parseDetails(r.details) }));
}
