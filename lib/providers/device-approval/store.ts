import "server-only";
import { randomInt } from "node:crypto";
import { isTokenAlive } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { notify } from "@/lib/mail/notify";
import { recordEvent } from "@/lib/security/events";
import { deviceLabel } from "@/lib/security/user-agent";
import { takeSend, turnFactorOn, type ProviderContext, type Tx } from "@/lib/two-factor/provider-api";

/**
 * "Approve from a signed-in device" (issue #19). A sign-in waiting at the
 * challenge sends a request; the user's signed-in browsers show "Is this you?"
 * with the new sign-in's browser, address and time and three two-digit numbers,
 * of which the new sign-in shows one (number matching: a tap on "yes" alone —
 * push fatigue — approves nothing). A wrong number denies the request. At most
 * one request a minute per account, each alive APPROVAL_LIFETIME, so never more
 * than three pending. Decided once, redeemed once, both by conditional updates.
 */

export const APPROVAL_ID = "device_approval";
export const APPROVAL_NAME = "Approval from a signed-in device";
export const APPROVAL_LIFETIME = 3 * 60_000;
export const APPROVAL_INTERVAL = 60_000;
export const MAX_PENDING = 3;

export class ApprovalRefused extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

export type ApprovalStatus = "none" | "pending" | "approved" | "denied" | "expired" | "used";

const twoDigits = () => String(randomInt(10, 100));

function threeChoices(number: string): string[] {
  const set = new Set([number]);
  while (set.size < 3) set.add(twoDigits());
  return [...set].sort(() => randomInt(3) - 1);
}

/** Whether the user has a live browser session to approve from (the new sign-in has none yet). */
async function hasSignedInBrowser(userId: string, now: number): Promise<boolean> {
  const sessions = await db.authToken.findMany({
    where: { userId, type: "session" },
    orderBy: { lastActivity: "desc" },
    select: { type: true, expiresAt: true, lastActivity: true, remember: true },
    take: 50,
  });
  return sessions.some((s) => isTokenAlive({ ...s, user: { disabled: false } }, now));
}

/** The latest request of this sign-in, or null. */
export async function requestOf(challengeId: string) {
  return db.approvalRequest.findFirst({ where: { challengeId }, orderBy: { createdAt: "desc" } });
}

export function statusOf(row: { decision: string | null; usedAt: Date | null; expiresAt: Date } | null, now = Date.now()): ApprovalStatus {
  if (!row) return "none";
  if (row.usedAt) return "used";
  if (row.expiresAt.getTime() <= now) return "expired";
  if (row.decision === "approved") return "approved";
  if (row.decision === "denied") return "denied";
  return "pending";
}

/** Sends this sign-in's request (idempotent while one is pending); throws ApprovalRefused with a sentence to show. */
export async function sendRequest(ctx: ProviderContext): Promise<void> {
  if (!ctx.challengeId) throw new ApprovalRefused("This sign-in cannot ask for approval.");
  const now = Date.now();
  const current = await requestOf(ctx.challengeId);
  if (statusOf(current, now) === "pending") return;
  if (!(await hasSignedInBrowser(ctx.userId, now))) throw new ApprovalRefused("No other browser is signed in to your account. Try another way.");
  const pending = await db.approvalRequest.count({ where: { userId: ctx.userId, decision: null, expiresAt: { gt: new Date(now) } } });
  if (pending >= MAX_PENDING) throw new ApprovalRefused("Too many approval requests are waiting. Answer them, or try another way.");
  const taken = await takeSend([{ key: `approval|user|${ctx.userId}`, limit: 1, windowMs: APPROVAL_INTERVAL }], new Date(now));
  if (!taken.ok) throw new ApprovalRefused(`You can send a new request in ${Math.max(1, Math.ceil((taken.nextAt.getTime() - now) / 1000))} seconds.`);
  const number = twoDigits();
  await db.$transaction(async (tx) => {
    // Answered or expired requests older than an hour are of no use any more (the security log keeps the story).
    await tx.approvalRequest.deleteMany({ where: { userId: ctx.userId, expiresAt: { lt: new Date(now - 60 * 60_000) } } });
    const row = await tx.approvalRequest.create({
      data: {
        userId: ctx.userId,
        challengeId: ctx.challengeId!,
        number,
        choices: JSON.stringify(threeChoices(number)),
        ip: ctx.meta.ip,
        userAgent: ctx.meta.userAgent?.slice(0, 512),
        expiresAt: new Date(now + APPROVAL_LIFETIME),
      },
      select: { id: true },
    });
    await recordEvent(tx, { userId: ctx.userId, type: "approval.requested", ...ctx.meta, details: { requestId: row.id } });
  });
}

/** The provider's verify: this sign-in's request was approved, is not expired, and is redeemed now (once). */
export async function redeemApproval(ctx: ProviderContext): Promise<{ ok: true } | { ok: false; message: string }> {
  const row = ctx.challengeId ? await requestOf(ctx.challengeId) : null;
  const status = statusOf(row);
  if (row && status === "approved") {
    const { count } = await db.approvalRequest.updateMany({
      where: { id: row.id, decision: "approved", usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (count === 1) return { ok: true };
  }
  const why: Record<ApprovalStatus, string> = {
    none: "No approval was asked for yet.",
    pending: "Not approved yet.",
    approved: "That approval was used already.",
    used: "That approval was used already.",
    denied: "The request was refused on your signed-in device.",
    expired: "The request expired. Send a new one.",
  };
  return { ok: false, message: why[status] };
}

export type PendingApproval = { id: string; browser: string; ip: string | null; createdAt: Date; expiresAt: Date; choices: string[] };

/** What the signed-in browser asks about: the account's undecided, live requests. */
export async function pendingApprovals(userId: string): Promise<PendingApproval[]> {
  const rows = await db.approvalRequest.findMany({
    where: { userId, decision: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    take: MAX_PENDING,
  });
  return rows.map((r) => ({
    id: r.id,
    browser: deviceLabel(r.userAgent),
    ip: r.ip,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    choices: JSON.parse(r.choices) as string[],
  }));
}

/**
 * The signed-in user's answer: a number (approves when it is the one the new
 * sign-in shows, denies otherwise) or "deny". Only the owner's live, undecided
 * request changes, once. Returns the decision, or null when nothing changed.
 */
export async function decide(
  userId: string,
  requestId: string,
  answer: string,
  meta: ProviderContext["meta"],
): Promise<"approved" | "denied" | "wrong_number" | null> {
  const row = await db.approvalRequest.findFirst({ where: { id: requestId.slice(0, 64), userId, decision: null, expiresAt: { gt: new Date() } } });
  if (!row) return null;
  const approved = answer === row.number;
  const outcome = approved ? "approved" : answer === "deny" ? "denied" : "wrong_number";
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.approvalRequest.updateMany({
      where: { id: row.id, decision: null, expiresAt: { gt: new Date() } },
      data: { decision: approved ? "approved" : "denied", decidedAt: new Date() },
    });
    if (count !== 1) return false;
    await recordEvent(tx, {
      userId,
      type: approved ? "approval.approved" : "approval.denied",
      ...meta,
      details: { requestId: row.id, wrongNumber: outcome === "wrong_number" },
    });
    return true;
  });
  return done ? outcome : null;
}

/**
 * "Secure my account" after a denial: the sign-in that asked is ended (its
 * challenge deleted, so the password has to be typed again), logged, and the
 * owner is e-mailed with what to do next (change the password).
 */
export async function secureAccount(userId: string, requestId: string, meta: ProviderContext["meta"]): Promise<boolean> {
  const row = await db.approvalRequest.findFirst({ where: { id: requestId.slice(0, 64), userId, decision: "denied" } });
  if (!row) return false;
  const first = await db.$transaction(async (tx) => {
    // Once per denied request (marked used): a second press — a double submit, another tab — logs and mails nothing more.
    const { count } = await tx.approvalRequest.updateMany({ where: { id: row.id, decision: "denied", usedAt: null }, data: { usedAt: new Date() } });
    if (count !== 1) return false;
    await tx.loginChallenge.deleteMany({ where: { id: row.challengeId, userId } });
    await tx.approvalRequest.updateMany({ where: { challengeId: row.challengeId }, data: { expiresAt: new Date() } });
    await recordEvent(tx, { userId, type: "approval.secured", ...meta, details: { requestId: row.id, fromIp: row.ip } });
    return true;
  });
  if (first) notify(userId, "sign_in.refused", { ip: row.ip, userAgent: row.userAgent });
  return true;
}

export async function forgetApprovals(tx: Tx, userId: string): Promise<void> {
  await tx.approvalRequest.deleteMany({ where: { userId } });
}

export async function forgetAllApprovals(tx: Tx): Promise<number> {
  return (await tx.approvalRequest.deleteMany({})).count;
}

/** Turned on by the user in settings (no secret to enrol: their signed-in browsers are the factor). */
export function turnOnApproval(userId: string, meta: ProviderContext["meta"]): Promise<boolean> {
  return turnFactorOn({ userId, providerId: APPROVAL_ID, name: APPROVAL_NAME, meta }, async () => true);
}
