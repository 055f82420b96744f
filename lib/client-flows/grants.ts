import "server-only";
import { appPasswordExpiry, checkAppPasswordInput, createAppPassword, type AppPasswordScope } from "@/lib/auth/app-passwords";
import { MINUTE } from "@/lib/auth/policy";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { nowAndThen } from "@/lib/background";
import { stringList } from "@/lib/apps/app-view";
import { hashSecret, randomToken } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import { deviceLabel } from "@/lib/security/user-agent";
import { singleLine } from "@/lib/validation";

/**
 * Client grants: a client asks for an app password and a signed-in user says yes
 * or no in a browser — Login Flow v2 ("login_flow") and the RFC 8628 device
 * grant ("device") share this one lifecycle:
 *
 *   pending ──grant──▶ granted ──the client's poll claims it──▶ delivered
 *      └────decline──▶ denied
 *
 * The client holds a poll token (device_code); the browser reaches the grant
 * through a page token in the `login` URL or the typed user code. Both are kept
 * only as keyed hashes. Granting stores the user's choice (name, scope, apps,
 * lifetime), not a secret: the app password is created by the one poll that
 * wins the conditional update granted → delivered, through the same
 * createAppPassword as the settings page and the API. So concurrent polls hand
 * it out once, and a flow nobody collects leaves no password behind.
 */

export type GrantKind = "login_flow" | "device";

export const GRANT_LIFETIME: Record<GrantKind, number> = { login_flow: 20 * MINUTE, device: 15 * MINUTE };
/**
 * Seconds a client waits between polls while the grant is pending: the device
 * grant's RFC 8628 `interval`, enforced with slow_down. Login Flow's is only
 * advice: its contract has no answer but 404 and 200, so a faster poll is
 * answered like any other (collectGrant).
 */
export const POLL_INTERVAL: Record<GrantKind, number> = { login_flow: 1, device: 5 };
/** RFC 8628 §3.5: slow_down adds 5 seconds to the interval, for this and every later poll. */
export const SLOW_DOWN_STEP = 5;
const MAX_INTERVAL = 60;
/** Polls may arrive this much early (timers and networks jitter) before they count as too fast. */
const POLL_SLACK_MS = 500;
/** Flows one address may have open at once: enough for any household, too few to fill the table. */
export const MAX_OPEN_PER_ADDRESS = 30;

export const clientNameInput = singleLine("Client name", 100);

/** A client's own name for itself, else its user agent made one line, else a generic one. */
export function clientName(given: unknown, userAgent: string | null): string {
  const named = clientNameInput.safeParse(given);
  if (named.success) return named.data;
  const fromAgent = clientNameInput.safeParse((userAgent ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, "").slice(0, 100));
  return fromAgent.success ? fromAgent.data : "Unnamed client";
}

export type StartedGrant = { id: string; pollToken: string; expiresAt: Date; interval: number };

/**
 * Opens a grant for a client. `page` is the page key already hashed for this
 * kind (pageKeyHash); `matchCode` what the client and the page both show.
 * Refused (too_many_requests) when the address already has too many open.
 */
export async function startGrant(
  kind: GrantKind,
  input: { name: unknown; meta: ClientMeta; pageHash: string; matchCode: string; pollToken?: string; ownerId?: string },
): Promise<Result<StartedGrant>> {
  nowAndThen("client-grants", 10 * MINUTE, () => purgeExpiredGrants());
  const now = Date.now();
  if (input.meta.ip) {
    const open = await db.clientGrant.count({ where: { ip: input.meta.ip, expiresAt: { gt: new Date(now) }, status: "pending" } });
    if (open >= MAX_OPEN_PER_ADDRESS) return failure("too_many_requests", "Too many sign-in requests from this address. Finish or wait for the open ones.");
  }
  const pollToken = input.pollToken ?? randomToken();
  const expiresAt = new Date(now + GRANT_LIFETIME[kind]);
  const row = await db.clientGrant.create({
    data: {
      kind,
      pollHash: hashSecret(`poll:${pollToken}`),
      pageHash: input.pageHash,
      matchCode: input.matchCode,
      clientName: clientName(input.name, input.meta.userAgent),
      userAgent: input.meta.userAgent,
      ip: input.meta.ip,
      createdAt: new Date(now),
      expiresAt,
      interval: POLL_INTERVAL[kind],
      userId: input.ownerId ?? null,
    },
    select: { id: true },
  });
  return { ok: true, data: { id: row.id, pollToken, expiresAt, interval: POLL_INTERVAL[kind] } };
}

/** The page key's stored form: the login page's token, or a normalised user code. */
export function pageKeyHash(kind: GrantKind, key: string): string {
  return hashSecret(`${kind === "device" ? "user-code" : "page"}:${key}`);
}

/** What the grant page shows about the client: never a hash or token. */
export type GrantView = {
  id: string;
  kind: GrantKind;
  clientName: string;
  device: string | null;
  ip: string | null;
  createdAt: Date;
  expiresAt: Date;
  matchCode: string;
};

/**
 * A grant still waiting for the signed-in user `viewerId`, by page key; null when
 * unknown, decided, expired, or started by another account ("Connect a device":
 * only its owner may answer it, whoever holds the QR code).
 */
export async function pendingGrant(kind: GrantKind, key: string, viewerId: string): Promise<GrantView | null> {
  const row = await db.clientGrant.findUnique({ where: { pageHash: pageKeyHash(kind, key) } });
  if (!row || row.kind !== kind || row.status !== "pending" || row.expiresAt.getTime() <= Date.now()) return null;
  if (row.userId !== null && row.userId !== viewerId) return null;
  return {
    id: row.id,
    kind,
    clientName: row.clientName,
    device: row.userAgent ? deviceLabel(row.userAgent) : null,
    ip: row.ip,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    matchCode: row.matchCode,
  };
}

/**
 * The grant page was opened by `viewerId` in this browser: for a flow that user
 * started ("Connect a device"), remembered so the settings page can show where
 * (the phone's browser, typically). Any other grant is left alone.
 */
export async function noteGrantOpened(id: string, viewerId: string, meta: ClientMeta): Promise<void> {
  await db.clientGrant.updateMany({
    where: { id, userId: viewerId, status: "pending" },
    data: { openedIp: meta.ip ?? "unknown", openedUserAgent: meta.userAgent, openedAt: new Date() },
  });
}

export type Decision = { grant: true; name: unknown; scope?: unknown; apps?: unknown; expiresInDays?: unknown } | { grant: false };

/**
 * The user's answer, once: a conditional update from pending (not expired, and
 * not started by another account), with its audit event in the same transaction. A grant's choice is checked now
 * (the same checks as creating an app password), so the client's poll cannot
 * fail on it later.
 */
export const NOT_ASKED_YET =
  "The app has not asked yet. Open it on your device (it shows the same code), then reload this page to see it before you grant access.";

export async function decideGrant(
  userId: string,
  kind: GrantKind,
  key: string,
  decision: Decision,
  meta: ClientMeta,
): Promise<Result<{ status: "granted" | "denied"; name?: string }>> {
  let data: { status: "granted" | "denied"; grantName?: string; grantScope?: AppPasswordScope; grantApps?: string | null; grantExpiry?: number | null };
  if (decision.grant) {
    const checked = await checkAppPasswordInput(decision);
    if (!checked.ok) return checked;
    const { name, scope, apps } = checked.data;
    // The user's own choice of lifetime, not the one the admin's maximum shortened it to (60 days is no choice the
    // password's check accepts): making the password checks it again and shortens it to the maximum of that moment.
    const grantExpiry = appPasswordExpiry.parse(decision.expiresInDays);
    data = { status: "granted", grantName: name, grantScope: scope, grantApps: apps ? JSON.stringify(apps.names) : null, grantExpiry };
  } else {
    data = { status: "denied" };
  }
  const now = new Date();
  const decided = await db.$transaction(async (tx) => {
    const row = await tx.clientGrant.findUnique({
      where: { pageHash: pageKeyHash(kind, key) },
      select: { id: true, kind: true, clientName: true, ip: true, userId: true },
    });
    if (!row || row.kind !== kind || (row.userId !== null && row.userId !== userId)) return false;
    // A flow started from the settings page has no client until the app polls: nothing to look at, nothing to grant yet.
    if (decision.grant && row.ip === null) return "not_asked" as const;
    const { count } = await tx.clientGrant.updateMany({
      where: { id: row.id, status: "pending", expiresAt: { gt: now }, OR: [{ userId: null }, { userId }] },
      data: { ...data, userId, decidedAt: now },
    });
    if (count !== 1) return false;
    await recordEvent(tx, {
      userId,
      type: decision.grant ? "client_grant.granted" : "client_grant.denied",
      ...meta,
      details: { flow: kind, client: row.clientName, clientIp: row.ip, ...(data.grantName ? { name: data.grantName, scope: data.grantScope ?? "full" } : {}) },
    });
    return true;
  });
  if (decided === "not_asked") return failure("invalid_input", NOT_ASKED_YET);
  if (!decided) return failure("not_found", "This sign-in request has expired or was already answered. Start again in the app.");
  return { ok: true, data: { status: data.status, name: data.grantName } };
}

export type Collected =
  | { state: "unknown" | "expired" | "pending" | "denied" | "delivered" }
  | { state: "slow_down"; interval: number }
  | { state: "issued"; login: string; appPassword: string; tokenId: number };

/**
 * A client's poll. While pending, a device polling closer together than its
 * interval is told slow_down and the interval grows by 5 s (RFC 8628). A Login
 * Flow is not paced: its contract answers 404 until granted, and Nextcloud
 * clients take any other status for an error, so a poll of a pending flow is
 * "pending" however soon it comes, and costs one read (no write: nothing to
 * pace by). A granted grant is claimed by one conditional update, on the first
 * poll after the grant however soon: the winner creates the app password, every
 * other poll finds it delivered.
 */
export async function collectGrant(kind: GrantKind, pollToken: string, meta: ClientMeta): Promise<Collected> {
  const row = await db.clientGrant.findUnique({ where: { pollHash: hashSecret(`poll:${pollToken}`) } });
  if (!row || row.kind !== kind) return { state: "unknown" };
  const now = new Date();
  if (row.status === "delivered") return { state: "delivered" };
  if (row.expiresAt.getTime() <= now.getTime()) return { state: "expired" };
  if (row.status === "denied") return { state: "denied" };
  if (row.status === "pending") {
    // A flow started for a device yet unknown ("Connect a device"): its first poll says who it is, for the grant page.
    if (row.ip === null) await db.clientGrant.updateMany({ where: { id: row.id, ip: null }, data: { ip: meta.ip ?? "unknown", userAgent: meta.userAgent } });
    return kind === "device" ? pacedDevicePoll(row.id, row.interval, now) : { state: "pending" };
  }
  const { count } = await db.clientGrant.updateMany({ where: { id: row.id, status: "granted" }, data: { status: "delivered", lastPolledAt: now } });
  if (count !== 1 || !row.userId) return { state: "delivered" };
  const created = await createAppPassword(
    row.userId,
    {
      name: row.grantName,
      scope: row.grantScope ?? "full",
      apps: row.grantApps ? (stringList(row.grantApps) ?? undefined) : undefined,
      expiresInDays: row.grantExpiry,
    },
    { client: meta, origin: kind },
  );
  // Checked when granted; an app removed since makes the choice invalid: the grant is spent, the client starts again.
  if (!created.ok) return { state: "expired" };
  const [, user] = await Promise.all([
    db.clientGrant.update({ where: { id: row.id }, data: { tokenId: created.data.id } }),
    db.user.findUniqueOrThrow({ where: { id: row.userId }, select: { login: true } }),
  ]);
  return { state: "issued", login: user.login, appPassword: created.data.secret, tokenId: created.data.id };
}

/** A pending device grant's poll: authorization_pending when the interval has passed, else slow_down with a longer one. */
async function pacedDevicePoll(id: string, interval: number, now: Date): Promise<Collected> {
  const { count } = await db.clientGrant.updateMany({
    where: { id, OR: [{ lastPolledAt: null }, { lastPolledAt: { lte: new Date(now.getTime() - interval * 1000 + POLL_SLACK_MS) } }] },
    data: { lastPolledAt: now },
  });
  if (count === 1) return { state: "pending" };
  const slower = Math.min(MAX_INTERVAL, interval + SLOW_DOWN_STEP);
  await db.clientGrant.updateMany({ where: { id, interval: { lt: slower } }, data: { interval: slower, lastPolledAt: now } });
  return { state: "slow_down", interval: slower };
}

export type GrantStatus = {
  status: "pending" | "granted" | "denied" | "delivered" | "expired";
  /** The app that polled (null until it has). */
  device: string | null;
  ip: string | null;
  /** The owner's browser that last opened the login URL (null until one has). */
  opened: { device: string | null; ip: string } | null;
};

/**
 * What the settings page's "Connect a device" follows: its own flow's state, the
 * app once it has polled, and the browser once one has opened the login URL.
 */
export async function grantStatus(userId: string, id: string): Promise<GrantStatus | null> {
  const row = await db.clientGrant.findUnique({
    where: { id },
    select: { status: true, userId: true, expiresAt: true, ip: true, userAgent: true, openedIp: true, openedUserAgent: true },
  });
  if (!row || row.userId !== userId) return null;
  const expired = (row.status === "pending" || row.status === "granted") && row.expiresAt.getTime() <= Date.now();
  return {
    status: expired ? "expired" : (row.status as GrantStatus["status"]),
    device: row.userAgent ? deviceLabel(row.userAgent) : null,
    ip: row.ip,
    opened: row.openedIp ? { device: row.openedUserAgent ? deviceLabel(row.openedUserAgent) : null, ip: row.openedIp } : null,
  };
}

/** Deletes grants expired more than an hour ago. */
export async function purgeExpiredGrants(now = Date.now()): Promise<number> {
  const { count } = await db.clientGrant.deleteMany({ where: { expiresAt: { lt: new Date(now - 60 * MINUTE) } } });
  return count;
}
