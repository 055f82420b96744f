import "server-only";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { isGatewayConfigured } from "@/lib/gateways/config";
import { deliver } from "@/lib/gateways/send";
import type { GatewayChannel } from "@/lib/gateways/types";
import { codeMatches, normalizeCode } from "@/lib/providers/message-code/code";
import { setupText } from "@/lib/providers/message-code/messages";
import { RESEND_COOLDOWN, SETUP_MAX_WRONG } from "@/lib/providers/message-code/limits";
import { codeMessageBudgets, sendTimeInWords, takeSend, turnFactorOff, turnFactorOn, type FactorChange, type Tx } from "@/lib/two-factor/provider-api";
import { claimNewCode, createCode, latestCode, liveCode, markSendFailed, secondsUntil, voidCode } from "@/lib/providers/message-code/store";

/**
 * Turning a message-code provider on: the user names a recipient, receives a
 * code there, and enters it. Only then is the recipient stored (verified) and
 * the provider enabled, in one transaction with its security event. A pending
 * recipient lives only on its set-up code, so a half-finished change never
 * replaces a working one.
 */

type Target = { channel: GatewayChannel; providerId: string };

const scope = (t: Target, userId: string) => ({ userId, providerId: t.providerId, purpose: "setup" as const });

const throttleKey = (codeId: number) => `message-code-setup:${codeId}`;

/** How the owner's e-mail names this factor ("Signal codes"). */
export const factorName = (channel: GatewayChannel) => `${channel.displayName} codes`;

const change = (t: Target, userId: string, who: Pick<FactorChange, "actor" | "meta"> = {}): FactorChange => ({
  userId,
  providerId: t.providerId,
  name: factorName(t.channel),
  ...who,
});

export async function startSetup(t: Target, userId: string, rawRecipient: string): Promise<Result<{ masked: string }>> {
  const parsed = t.channel.recipient.schema.safeParse(rawRecipient);
  if (!parsed.success) {
    const message = parsed.error.issues[0]!.message;
    return failure("invalid_input", message, { recipient: message });
  }
  if (!(await isGatewayConfigured(t.channel))) return failure("channel_unavailable", `${t.channel.displayName} is not available on this server.`);
  const recipient = parsed.data;
  const s = scope(t, userId);
  const latest = await latestCode(s);
  const now = new Date();
  const cutoff = new Date(now.getTime() - RESEND_COOLDOWN);
  const wait = (row: { sentAt: Date }) =>
    failure("too_many_requests", `Wait ${secondsUntil(new Date(row.sentAt.getTime() + RESEND_COOLDOWN))} seconds before asking for another code.`);
  if (latest && latest.sentAt > cutoff) return wait(latest);
  // Set-up codes draw on the user's budget for the channel like sign-in codes (lib/two-factor/send-budget.ts).
  const budget = await takeSend(codeMessageBudgets(userId, t.channel.id, null), now);
  if (!budget.ok)
    return failure(
      "too_many_requests",
      `Too many codes were asked for. The next code can be sent via ${t.channel.displayName} ${sendTimeInWords(budget.nextAt)}.`,
    );
  if (latest && !(await claimNewCode(s, latest, cutoff, now))) {
    await budget.release();
    return wait((await latestCode(s)) ?? latest);
  }
  const { row, code } = await createCode({ ...s, challengeId: null, recipient }, now);
  const delivery = await deliver(t.channel, recipient, setupText(code, t.channel.displayName), [code]);
  if (!delivery.ok) {
    await markSendFailed(row.id);
    return failure("delivery_failed", delivery.error.userMessage(t.channel.displayName));
  }
  return { ok: true, data: { masked: t.channel.recipient.mask(recipient) } };
}

async function countWrong(codeId: number): Promise<number> {
  const now = new Date();
  const bucket = await db.throttleBucket.upsert({
    where: { key: throttleKey(codeId) },
    create: { key: throttleKey(codeId), failures: 1, lastFailure: now },
    update: { failures: { increment: 1 }, lastFailure: now },
    select: { failures: true },
  });
  return bucket.failures;
}

export async function finishSetup(t: Target, userId: string, input: string, meta?: ClientMeta): Promise<Result<{ masked: string }>> {
  const code = normalizeCode(input);
  if (!code) return failure("invalid_input", "Enter the 6-digit code from the message.", { code: "Enter the 6-digit code from the message." });
  const s = scope(t, userId);
  const now = new Date();
  const row = await liveCode(s, now);
  if (!row) return failure("invalid_input", "This code has expired or was already used. Ask for a new one.", { code: "Ask for a new code." });
  if (!codeMatches({ ...s, challengeId: null, recipient: row.recipient }, row.hash, code)) {
    const wrong = await countWrong(row.id);
    if (wrong >= SETUP_MAX_WRONG) {
      await voidCode(row.id);
      return failure("invalid_input", "Too many wrong codes. Ask for a new one.", { code: "Too many wrong codes. Ask for a new one." });
    }
    return failure("invalid_input", "That code is not right.", { code: "That code is not right." });
  }
  const done = await turnFactorOn(change(t, userId, { meta }), async (tx) => {
    const { count } = await tx.messageCode.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) return false;
    await tx.gatewayRecipient.upsert({
      where: { userId_channel: { userId, channel: t.channel.id } },
      create: { userId, channel: t.channel.id, recipient: row.recipient, verifiedAt: now },
      update: { recipient: row.recipient, verifiedAt: now },
    });
    return true;
  });
  await db.throttleBucket.deleteMany({ where: { key: throttleKey(row.id) } });
  if (!done) return failure("invalid_input", "This code has expired or was already used. Ask for a new one.", { code: "Ask for a new code." });
  return { ok: true, data: { masked: t.channel.recipient.mask(row.recipient) } };
}

/** Turns the provider off for a user and forgets their recipient and codes. `actor`: who did it (default: the user). */
export async function disableForUser(t: Target, userId: string, options: { actor?: string; meta?: ClientMeta } = {}): Promise<void> {
  await turnFactorOff(change(t, userId, options), (tx) => forgetRecipient(t, tx, userId));
}

/** The user's recipient and codes of this provider (inside the core's switch-off). */
export async function forgetRecipient(t: Target, tx: Tx, userId: string): Promise<void> {
  await tx.gatewayRecipient.deleteMany({ where: { userId, channel: t.channel.id } });
  await tx.messageCode.deleteMany({ where: { userId, providerId: t.providerId } });
}

/** Every user's recipients and codes of this provider (after uninstalling it); returns the recipients removed. */
export async function forgetAllRecipients(t: Target, tx: Tx): Promise<number> {
  const { count } = await tx.gatewayRecipient.deleteMany({ where: { channel: t.channel.id } });
  await tx.messageCode.deleteMany({ where: { providerId: t.providerId } });
  return count;
}
