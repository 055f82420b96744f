// Threat: Telegram failures blame the wrong party — a revoked bot token, a user who blocked the bot and Telegram's flood limit all read alike, so users and the admin look in the wrong place.
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectFailure, type FailureRow } from "@/test/gateways/failure-table";
import { startFakes, type Fakes } from "@/test/gateways/support";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

const SENT_VIA = "The code could not be sent via Telegram:";
const SERVER_SIDE = "The problem is on this server's side, not with your account: your administrator can fix it.";
const SERVICE_SIDE = "The problem is with the messaging service, not with your account.";

const ROWS: FailureRow[] = [
  {
    name: "bot token revoked (401 Unauthorized)",
    kind: "credentials",
    breakIt: (f) => {
      const token = f.telegram.token;
      f.telegram.token = "111111111:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
      return () => void (f.telegram.token = token);
    },
    user: `${SENT_VIA} the gateway refused this server's credentials. ${SERVER_SIDE}`,
    whose: "this server's account or settings",
    admin: ["refused this server's token", "@BotFather"],
    serviceWords: "HTTP 401: Unauthorized",
  },
  {
    name: "chat not found (user never sent /start)",
    kind: "unknown_recipient",
    breakIt: (f, r) => (f.telegram.chats.delete(r), () => void f.telegram.chats.add(r)),
    user: `${SENT_VIA} the gateway does not know your recipient (check the number, ID or address you set up).`,
    whose: "the user's recipient",
    admin: ["the user has to check", "sent /start"],
    serviceWords: "HTTP 400: Bad Request: chat not found",
  },
  {
    name: "bot blocked by the user (403)",
    kind: "recipient_unreachable",
    breakIt: (f, r) => (f.telegram.blocked.add(r), () => void f.telegram.blocked.delete(r)),
    user: `${SENT_VIA} the gateway cannot deliver to you there (for example you blocked the sender, unsubscribed, or the number cannot receive messages).`,
    whose: "the user's recipient",
    admin: ["cannot receive messages from this sender", "the user blocked the bot"],
    serviceWords: "HTTP 403: Forbidden: bot was blocked by the user",
  },
  {
    name: "user deleted their account (403 user is deactivated)",
    kind: "recipient_unreachable",
    breakIt: (f, r) => (f.telegram.deactivated.add(r), () => void f.telegram.deactivated.delete(r)),
    user: `${SENT_VIA} the gateway cannot deliver to you there (for example you blocked the sender, unsubscribed, or the number cannot receive messages).`,
    whose: "the user's recipient",
    admin: ["deleted their account"],
    serviceWords: "HTTP 403: Forbidden: user is deactivated",
  },
  {
    name: "flood limit (429 with retry_after)",
    kind: "rate_limited",
    breakIt: (f) => ((f.telegram.retryAfter = 35), () => void (f.telegram.retryAfter = 0)),
    user: `${SENT_VIA} the gateway is limiting how many messages this server may send for now. ${SERVICE_SIDE}`,
    whose: "the service",
    admin: ["rate-limiting", "retry_after"],
    serviceWords: "HTTP 429: Too Many Requests: retry after 35 (retry_after 35 s)",
  },
  {
    name: "Telegram's own error (500)",
    kind: "service_error",
    breakIt: (f) => ((f.telegram.mode = "error500"), () => void (f.telegram.mode = "ok")),
    user: `${SENT_VIA} the gateway reported an error. ${SERVICE_SIDE}`,
    whose: "the service",
    admin: ["reported an error of its own"],
    serviceWords: "HTTP 500: Internal Server Error",
  },
];

describe("Telegram failures tell the user and the admin whose problem it is", () => {
  it.each(ROWS)("$name → $kind", async (row) => {
    await expectFailure("telegram", fakes, row);
  });
});
