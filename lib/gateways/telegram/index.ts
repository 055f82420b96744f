import "server-only";
import { z } from "zod";
import { GatewayError } from "@/lib/gateways/errors";
import { configText, httpUrl, TIMEOUT_FIELD, timeoutSeconds } from "@/lib/gateways/fields";
import { describeAnswer, httpRequest, joinUrl, type HttpAnswer } from "@/lib/gateways/http";
import { maskChatId, telegramChatId } from "@/lib/gateways/recipients";
import type { GatewayChannel, SendOptions } from "@/lib/gateways/types";

/**
 * Telegram through the Bot API: `POST /bot<token>/sendMessage {chat_id, text}`,
 * `getMe` for status. Answers are `{ok, result}` or `{ok:false, error_code,
 * description}`. The user opens a chat with the bot and sends /start (a bot may
 * not write first), then enters their chat id.
 */

const config = z.object({
  url: httpUrl("Bot API URL"),
  token: configText("Bot token", 256).refine(
    (s) => /^\d{1,20}:[A-Za-z0-9_-]{20,200}$/.test(s),
    "That does not look like a bot token (123456:ABC-DEF…, from @BotFather).",
  ),
  botUsername: z
    .string()
    .trim()
    .transform((s) => s.replace(/^@/, ""))
    .refine((s) => /^[A-Za-z0-9_]{5,64}$/.test(s), "A bot username has 5–64 letters, digits or underscores (e.g. gatehouse_bot).")
    .optional(),
  timeout: timeoutSeconds,
});
export type TelegramConfig = z.infer<typeof config>;

type BotAnswer = { ok?: boolean; error_code?: number; description?: string; parameters?: { retry_after?: number }; result?: { username?: string } };

/**
 * Bot API errors are `{ok: false, error_code, description}` (core.telegram.org/bots/api#making-requests):
 * 401 "Unauthorized" for a revoked or wrong token (404 "Not Found" for a malformed one),
 * 400 "Bad Request: chat not found", 403 "Forbidden: bot was blocked by the user",
 * 429 "Too Many Requests: retry after N" with `parameters.retry_after`.
 */
const RECIPIENT_UNKNOWN = /chat not found|user not found|PEER_ID_INVALID|bot can't initiate conversation/i;
const RECIPIENT_GONE = /bot was blocked by the user|user is deactivated|bot was kicked/i;

function telegramFailure(answer: HttpAnswer): GatewayError {
  const body = (answer.json ?? {}) as BotAnswer;
  const description = typeof body.description === "string" ? body.description : answer.text;
  const retryAfter = typeof body.parameters?.retry_after === "number" ? ` (retry_after ${body.parameters.retry_after} s)` : "";
  const detail = describeAnswer(answer, `${description}${retryAfter}`);
  if (answer.status === 401 || answer.status === 404) return new GatewayError("credentials", detail);
  if (RECIPIENT_UNKNOWN.test(description)) return new GatewayError("unknown_recipient", detail);
  if (RECIPIENT_GONE.test(description)) return new GatewayError("recipient_unreachable", detail);
  if (answer.status === 429) return new GatewayError("rate_limited", detail);
  return new GatewayError(answer.status >= 500 ? "service_error" : "rejected", detail);
}

const endpoint = (c: TelegramConfig, method: string) => joinUrl(c.url, `/bot${c.token}/${method}`);

async function send(c: TelegramConfig, recipient: string, text: string, options: SendOptions): Promise<void> {
  const answer = await httpRequest(endpoint(c, "sendMessage"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chat_id: recipient, text }),
    timeoutMs: options.timeoutMs,
  });
  if (answer.status !== 200 || (answer.json as BotAnswer | undefined)?.ok !== true) throw telegramFailure(answer);
}

async function check(c: TelegramConfig, options: SendOptions) {
  const answer = await httpRequest(endpoint(c, "getMe"), { method: "GET", timeoutMs: options.timeoutMs });
  const body = answer.json as BotAnswer | undefined;
  if (answer.status !== 200 || body?.ok !== true) throw telegramFailure(answer);
  const username = body.result?.username;
  return { detail: username ? `bot @${username}` : "bot answered" };
}

export const telegram: GatewayChannel<TelegramConfig> = {
  id: "telegram",
  displayName: "Telegram",
  fields: [
    { key: "url", label: "Bot API URL", defaultValue: "https://api.telegram.org", hint: "Change only for a self-hosted Bot API server" },
    { key: "token", label: "Bot token", secret: true, hint: "From @BotFather: 123456:ABC-DEF…" },
    { key: "botUsername", label: "Bot username", optional: true, hint: "Shown to users so they can find the bot, e.g. gatehouse_bot" },
    TIMEOUT_FIELD,
  ],
  configSchema: config,
  recipient: {
    label: "Chat id",
    placeholder: "123456789",
    hint: "Open a chat with the bot and send /start. Then ask @userinfobot (or @RawDataBot) for your id and enter that number here.",
    inputMode: "numeric",
    schema: telegramChatId,
    mask: maskChatId,
    guide: (info) =>
      info.botUsername
        ? `Open a chat with @${info.botUsername} (https://t.me/${info.botUsername}) and send /start. Then ask @userinfobot for your id and enter that number here.`
        : null,
  },
  publicInfo: (c): Record<string, string> => (c.botUsername ? { botUsername: c.botUsername } : {}),
  send,
  check,
  adminHints: {
    credentials:
      "Telegram: the bot token was revoked or mistyped. Get the current one from @BotFather (/mybots › API Token) and run `gatehouse gateway:configure telegram`.",
    unknown_recipient: "Telegram: the chat id is wrong, or the user never opened the chat with the bot and sent /start.",
    recipient_unreachable: "Telegram: the user blocked the bot (or deleted their account); they have to unblock it and send /start again.",
    rate_limited: "Telegram: it names how many seconds to wait (retry_after).",
  },
};
