import "server-only";
import { isGatewayConfigured } from "@/lib/gateways/config";
import type { GatewayChannel } from "@/lib/gateways/types";
import { beginLoginCode, loginDeliveryState, resendLoginCode, verifyLoginCode } from "@/lib/providers/message-code/login";
import { CODE_LENGTH, CODE_LIFETIME } from "@/lib/providers/message-code/limits";
import { verifiedRecipient } from "@/lib/providers/message-code/recipients";
import { factorName, forgetAllRecipients, forgetRecipient } from "@/lib/providers/message-code/setup";
import type { AuthMethod, SecondFactorProvider } from "@/lib/two-factor/provider-api";

/** Why a challenge could not start; the challenge page shows `userMessage` and offers the other ways in. */
export class CodeNotSent extends Error {
  override name = "CodeNotSent";
  constructor(
    readonly userMessage: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(userMessage);
  }
}

/**
 * The message-code pattern as a provider: a channel (its send function and
 * recipient format) is handed in, and out comes a second factor with its own
 * id. "Pass delivery in": the pattern knows nothing about Signal or SMTP.
 */

export type MessageCodeProvider = SecondFactorProvider & { channel: GatewayChannel };

export function messageCodeProvider(channel: GatewayChannel, info: { description: string; icon: string; method: AuthMethod }): MessageCodeProvider {
  const target = { channel, providerId: channel.id };
  return {
    id: channel.id,
    displayName: channel.displayName,
    description: info.description,
    icon: info.icon,
    kind: "factor",
    method: info.method,
    factorName: factorName(channel),
    channel,
    // The user's own state decides whether it is on, configured gateway or not:
    // a user who has it on must not lose the second factor because the gateway was removed.
    isAvailable: () => isGatewayConfigured(channel),
    async challengeView(ctx) {
      const recipient = await verifiedRecipient(ctx.userId, channel.id);
      const where = recipient ? ` to ${channel.recipient.mask(recipient)}` : "";
      return {
        prompt: `Enter the ${CODE_LENGTH}-digit code we sent via ${channel.displayName}${where}. It is valid for ${CODE_LIFETIME / 60_000} minutes.`,
        inputLabel: "Code",
        inputMode: "numeric",
        autoComplete: "one-time-code",
        placeholder: "123456",
        maxLength: CODE_LENGTH,
      };
    },
    async beginChallenge(ctx) {
      const outcome = await beginLoginCode(target, ctx);
      if (!outcome.ok) throw new CodeNotSent(outcome.message, outcome.retryAfterSeconds);
    },
    deliveryState: (ctx) => loginDeliveryState(target, ctx),
    resendChallenge: (ctx) => resendLoginCode(target, ctx),
    verify: (ctx, input) => verifyLoginCode(target, ctx, input),
    // Set-up needs two steps (recipient, then code), so it happens on the
    // settings page only; no `setup` for enrolment at login.
    forget: (tx, userId) => forgetRecipient(target, tx, userId),
    forgetAll: (tx) => forgetAllRecipients(target, tx),
  };
}
