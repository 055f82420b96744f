import { json, startHttpFake, type HttpFake } from "@/test/fakes/http";

/**
 * The Telegram Bot API: /bot<token>/getMe and /bot<token>/sendMessage, answering
 * {ok:true, result} or {ok:false, error_code, description[, parameters]} like Telegram does
 * (core.telegram.org/bots/api#making-requests and #responseparameters: 401 "Unauthorized",
 * 400 "Bad Request: chat not found", 403 "Forbidden: bot was blocked by the user",
 * 403 "Forbidden: user is deactivated", 429 "Too Many Requests: retry after N" with retry_after).
 */

export type TelegramFake = HttpFake & {
  token: string;
  /** Chats that sent /start to the bot. */
  chats: Set<string>;
  /** Chats that blocked the bot. */
  blocked: Set<string>;
  /** Users who deleted their Telegram account. */
  deactivated: Set<string>;
  /** Seconds Telegram asks the bot to wait before sending again (0: not limited). */
  retryAfter: number;
  sent: { chatId: string; text: string }[];
};

export const BOT_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

export async function startTelegramFake(token = BOT_TOKEN): Promise<TelegramFake> {
  const initial = {
    token,
    chats: new Set<string>(),
    blocked: new Set<string>(),
    deactivated: new Set<string>(),
    retryAfter: 0,
    sent: [] as TelegramFake["sent"],
  };
  // Assigned once the fake has started; its handler (which runs later) reads it.
  // eslint-disable-next-line prefer-const -- read by the handler before this line can assign it
  let state: TelegramFake;
  let messageId = 1;
  const fake = await startHttpFake(
    (req, res) => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.path);
      if (!match) return json(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      if (match[1] !== state.token) return json(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      const params: Record<string, unknown> = Object.fromEntries(req.query);
      if (req.body) {
        try {
          Object.assign(
            params,
            String(req.headers["content-type"]).includes("json") ? JSON.parse(req.body) : Object.fromEntries(new URLSearchParams(req.body)),
          );
        } catch {
          return json(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse JSON object" });
        }
      }
      if (match[2] === "getMe") {
        return json(res, 200, {
          ok: true,
          result: { id: 123456789, is_bot: true, first_name: "Gatehouse", username: "gatehouse_test_bot", can_join_groups: false },
        });
      }
      if (match[2] === "sendMessage") {
        const chatId = String(params.chat_id ?? "");
        if (!params.text) return json(res, 400, { ok: false, error_code: 400, description: "Bad Request: message text is empty" });
        if (state.retryAfter > 0) {
          return json(res, 429, {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${state.retryAfter}`,
            parameters: { retry_after: state.retryAfter },
          });
        }
        if (state.blocked.has(chatId)) return json(res, 403, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
        if (state.deactivated.has(chatId)) return json(res, 403, { ok: false, error_code: 403, description: "Forbidden: user is deactivated" });
        if (!state.chats.has(chatId)) return json(res, 400, { ok: false, error_code: 400, description: "Bad Request: chat not found" });
        state.sent.push({ chatId, text: String(params.text) });
        return json(res, 200, {
          ok: true,
          result: { message_id: messageId++, chat: { id: Number(chatId), type: "private" }, date: Math.floor(Date.now() / 1000), text: params.text },
        });
      }
      json(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    },
    (res) => json(res, 500, { ok: false, error_code: 500, description: "Internal Server Error" }),
  );
  state = Object.assign(fake, initial);
  return state;
}
