import "server-only";
import { db } from "@/lib/db";
import { GatewayError, type GatewayFailureKind } from "@/lib/gateways/errors";
import { deliver } from "@/lib/gateways/send";
import type { GatewayChannel } from "@/lib/gateways/types";
import { codeMatches, normalizeCode, type CodeBinding } from "@/lib/providers/message-code/code";
import { loginText } from "@/lib/providers/message-code/messages";
import { RESEND_COOLDOWN } from "@/lib/providers/message-code/limits";
import { verifiedRecipient } from "@/lib/providers/message-code/recipients";
import { claimNewCode, consumeCode, createCode, firstCodeId, latestCode, liveCode, markSendFailed, secondsUntil, sendFailed } from "@/lib/providers/message-code/store";
import type { ProviderContext, ResendResult, VerifyResult } from "@/lib/two-factor/provider-api";

/** How a send went; a failure's message is safe to show (no secrets, no service text). */
export type SendOutcome = { ok: true; message?: string } | { ok: false; message: string; retryAfterSeconds?: number };

/**
 * The sign-in half of a message-code provider: one code per login challenge,
 * sent when the challenge page opens (a refresh sends nothing), a new one on
 * "Resend" once the cooldown has passed, each verified once.
 */

type Target = { channel: GatewayChannel; providerId: string };

function challengeOf(ctx: ProviderContext): string {
  if (!ctx.challengeId) throw new Error("message-code providers need ctx.challengeId (the login challenge)");
  return ctx.challengeId;
}

const scope = (t: Target, ctx: ProviderContext) => ({ userId: ctx.userId, providerId: t.providerId, purpose: "login" as const, challengeId: challengeOf(ctx) });

function failedSend(t: Target, error: GatewayError, retryAt: Date): SendOutcome {
  const seconds = secondsUntil(retryAt);
  return {
    ok: false,
    message: `${error.userMessage(t.channel.displayName)} You can try again in ${seconds} seconds, or sign in another way.`,
    retryAfterSeconds: seconds,
  };
}

/** Creates, (maybe) sends and records one code. `first`: give way to a concurrent first send. */
async function issue(t: Target, binding: CodeBinding, first: boolean): Promise<SendOutcome> {
  const { row, code } = await createCode(binding);
  if (first && (await firstCodeId(binding)) !== row.id) {
    await db.messageCode.deleteMany({ where: { id: row.id } });
    return { ok: true };
  }
  const delivery = await deliver(t.channel, binding.recipient, loginText(code), [code]);
  if (!delivery.ok) {
    await markSendFailed(row.id);
    return failedSend(t, delivery.error, new Date(row.sentAt.getTime() + RESEND_COOLDOWN));
  }
  return { ok: true, message: `We sent a code via ${t.channel.displayName} to ${t.channel.recipient.mask(binding.recipient)}.` };
}

async function lastFailureKind(t: Target): Promise<GatewayFailureKind> {
  const row = await db.gatewayConfig.findUnique({ where: { channel: t.channel.id }, select: { lastStatus: true } });
  const kind = row?.lastStatus;
  return kind && kind !== "ok" ? (kind as GatewayFailureKind) : "service_error";
}

export async function beginLoginCode(t: Target, ctx: ProviderContext): Promise<SendOutcome> {
  const s = scope(t, ctx);
  const latest = await latestCode(s);
  if (latest) {
    if (!sendFailed(latest)) return { ok: true };
    return failedSend(t, new GatewayError(await lastFailureKind(t), ""), new Date(latest.sentAt.getTime() + RESEND_COOLDOWN));
  }
  const recipient = await verifiedRecipient(ctx.userId, t.channel.id);
  if (!recipient) return { ok: false, message: `No ${t.channel.displayName} recipient is set up for your account. Sign in another way.` };
  return issue(t, { ...s, recipient }, true);
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
  if (!(await claimNewCode(s, latest, new Date(now.getTime() - RESEND_COOLDOWN), now))) {
    const current = (await latestCode(s)) ?? latest;
    const seconds = secondsUntil(new Date(current.sentAt.getTime() + RESEND_COOLDOWN));
    return { ok: false, message: `You can ask for a new code in ${seconds} seconds.`, retryAfterSeconds: seconds };
  }
  const recipient = await verifiedRecipient(ctx.userId, t.channel.id);
  if (!recipient) return { ok: false, message: `No ${t.channel.displayName} recipient is set up for your account. Sign in another way.` };
  return issue(t, { ...s, recipient }, false);
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
