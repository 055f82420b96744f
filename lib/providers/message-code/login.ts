import "server-only";
import { db } from "@/lib/db";
import { GatewayError, type GatewayFailureKind } from "@/lib/gateways/errors";
import { deliver } from "@/lib/gateways/send";
import type { GatewayChannel } from "@/lib/gateways/types";
import { codeMatches, normalizeCode } from "@/lib/providers/message-code/code";
import { loginText } from "@/lib/providers/message-code/messages";
import { CODE_LENGTH, CODE_LIFETIME, RESEND_COOLDOWN } from "@/lib/providers/message-code/limits";
import { verifiedRecipient } from "@/lib/providers/message-code/recipients";
import {
  claimNewCode,
  consumeCode,
  createCode,
  deleteCode,
  firstCodeId,
  latestCode,
  liveCode,
  markSendFailed,
  secondsUntil,
  sendFailed,
  type CodeRow,
} from "@/lib/providers/message-code/store";
import {
  codeMessageBudgets,
  nextSendAt,
  sendTimeInWords,
  takeSend,
  type DeliveryState,
  type ProviderContext,
  type ResendResult,
  type VerifyResult,
} from "@/lib/two-factor/provider-api";

/** How a send went; a failure's message is safe to show (no secrets, no service text). */
export type SendOutcome = { ok: true; message?: string } | { ok: false; message: string; retryAfterSeconds?: number };

/**
 * The sign-in half of a message-code provider: one code per login challenge,
 * sent only when the user presses "Send code" (opening or refreshing the page
 * sends nothing), a new one on "Send a new code" once the cooldown has passed,
 * each verified once. Every message is taken from the send budgets (per user ×
 * channel and per address, lib/two-factor/send-budget.ts) first.
 */

type Target = { channel: GatewayChannel; providerId: string };

function challengeOf(ctx: ProviderContext): string {
  if (!ctx.challengeId) throw new Error("message-code providers need ctx.challengeId (the login challenge)");
  return ctx.challengeId;
}

const scope = (t: Target, ctx: ProviderContext) => ({ userId: ctx.userId, providerId: t.providerId, purpose: "login" as const, challengeId: challengeOf(ctx) });

const budgets = (t: Target, ctx: ProviderContext) => codeMessageBudgets(ctx.userId, t.channel.id, ctx.meta.ip);

const resendAt = (row: CodeRow) => new Date(row.sentAt.getTime() + RESEND_COOLDOWN);

type Refusal = Extract<SendOutcome, { ok: false }>;

function failedSend(t: Target, error: GatewayError, retryAt: Date): Refusal {
  const seconds = secondsUntil(retryAt);
  return {
    ok: false,
    message: `${error.userMessage(t.channel.displayName)} You can try again in ${seconds} seconds, or sign in another way.`,
    retryAfterSeconds: seconds,
  };
}

function overBudget(t: Target, nextAt: Date): Refusal {
  return {
    ok: false,
    message: `Too many codes were asked for. The next code can be sent via ${t.channel.displayName} ${sendTimeInWords(nextAt)}. Until then, sign in another way.`,
    retryAfterSeconds: secondsUntil(nextAt),
  };
}

function cooldown(row: CodeRow): SendOutcome {
  const seconds = secondsUntil(resendAt(row));
  return { ok: false, message: `You can ask for a new code in ${seconds} seconds.`, retryAfterSeconds: seconds };
}

const noRecipient = (t: Target): SendOutcome => ({
  ok: false,
  message: `No ${t.channel.displayName} recipient is set up for your account. Sign in another way.`,
});

/** Sends a code already created (and paid for from the budgets). */
async function deliverCode(t: Target, row: CodeRow, code: string): Promise<SendOutcome> {
  const delivery = await deliver(t.channel, row.recipient, loginText(code), [code]);
  if (!delivery.ok) {
    await markSendFailed(row.id);
    return failedSend(t, delivery.error, resendAt(row));
  }
  return { ok: true, message: `We sent a code via ${t.channel.displayName} to ${t.channel.recipient.mask(row.recipient)}.` };
}

async function lastFailureKind(t: Target): Promise<GatewayFailureKind> {
  const row = await db.gatewayConfig.findUnique({ where: { channel: t.channel.id }, select: { lastStatus: true } });
  const kind = row?.lastStatus;
  return kind && kind !== "ok" ? (kind as GatewayFailureKind) : "service_error";
}

/** What the challenge page shows; it sends nothing. */
export async function loginDeliveryState(t: Target, ctx: ProviderContext): Promise<DeliveryState> {
  const latest = await latestCode(scope(t, ctx));
  if (latest && sendFailed(latest)) {
    const { message } = failedSend(t, new GatewayError(await lastFailureKind(t), ""), resendAt(latest));
    return { status: "failed", message, resendAt: resendAt(latest) };
  }
  if (latest) return { status: "sent", resendAt: resendAt(latest) };
  const nextAt = await nextSendAt(budgets(t, ctx));
  if (nextAt) return { status: "blocked", message: overBudget(t, nextAt).message, until: nextAt };
  const recipient = await verifiedRecipient(ctx.userId, t.channel.id);
  const where = recipient ? ` to ${t.channel.recipient.mask(recipient)}` : "";
  return {
    status: "unsent",
    prompt: `We will send a ${CODE_LENGTH}-digit code via ${t.channel.displayName}${where}. It is valid for ${CODE_LIFETIME / 60_000} minutes.`,
  };
}

/** "Send code": the first code of this challenge; a second press (or a concurrent one) sends nothing. */
export async function beginLoginCode(t: Target, ctx: ProviderContext): Promise<SendOutcome> {
  const s = scope(t, ctx);
  const latest = await latestCode(s);
  if (latest) return sendFailed(latest) ? failedSend(t, new GatewayError(await lastFailureKind(t), ""), resendAt(latest)) : { ok: true };
  const recipient = await verifiedRecipient(ctx.userId, t.channel.id);
  if (!recipient) return noRecipient(t);
  const { row, code } = await createCode({ ...s, recipient });
  // A concurrent first send won: this one sends nothing and takes nothing from the budgets.
  if ((await firstCodeId(s)) !== row.id) return (await deleteCode(row.id), { ok: true });
  const budget = await takeSend(budgets(t, ctx));
  if (!budget.ok) return (await deleteCode(row.id), overBudget(t, budget.nextAt));
  return deliverCode(t, row, code);
}

export async function resendLoginCode(t: Target, ctx: ProviderContext): Promise<ResendResult> {
  const outcome = await resend(t, ctx);
  return outcome.ok ? { ok: true, message: outcome.message ?? `A new code is on its way via ${t.channel.displayName}.` } : outcome;
}

async function resend(t: Target, ctx: ProviderContext): Promise<SendOutcome> {
  const s = scope(t, ctx);
  const latest = await latestCode(s);
  if (!latest) return beginLoginCode(t, ctx);
  const now = new Date();
  const cutoff = new Date(now.getTime() - RESEND_COOLDOWN);
  if (latest.sentAt > cutoff) return cooldown(latest);
  const recipient = await verifiedRecipient(ctx.userId, t.channel.id);
  if (!recipient) return noRecipient(t);
  // The budget before the claim: a refused send must leave the current code alone.
  const budget = await takeSend(budgets(t, ctx), now);
  if (!budget.ok) return overBudget(t, budget.nextAt);
  if (!(await claimNewCode(s, latest, cutoff, now))) {
    await budget.release();
    return cooldown((await latestCode(s)) ?? latest);
  }
  const { row, code } = await createCode({ ...s, recipient });
  return deliverCode(t, row, code);
}

export async function verifyLoginCode(t: Target, ctx: ProviderContext, input: string): Promise<VerifyResult> {
  const code = normalizeCode(input);
  if (!code) return { ok: false, message: "Enter the 6-digit code from the message." };
  const s = scope(t, ctx);
  const now = new Date();
  const row = await liveCode(s, now);
  if (!row) return { ok: false, message: "There is no valid code for this sign-in. Ask for a new one." };
  if (!codeMatches({ ...s, recipient: row.recipient }, row.hash, code)) return { ok: false };
  return (await consumeCode(row.id, now)) ? { ok: true } : { ok: false };
}
