import { findChallenge, startChallenge } from "@/lib/auth/challenge";
import { channelById } from "@/lib/gateways";
import { configureGateway } from "@/lib/gateways/config";
import type { GatewayFailureKind } from "@/lib/gateways/errors";
import type { ChannelId } from "@/lib/gateways/types";
import { findMessageCodeProvider } from "@/lib/providers/message-code";
import { finishSetup, startSetup } from "@/lib/providers/message-code/setup";
import type { ProviderContext, SecondFactorProvider } from "@/lib/two-factor/types";
import { startSignalFake, type SignalFake } from "@/test/fakes/signal";
import { startSmtpFake, type SmtpFake } from "@/test/fakes/smtp";
import { BOT_TOKEN, startTelegramFake, type TelegramFake } from "@/test/fakes/telegram";
import { startThreemaFake, THREEMA_FROM, THREEMA_SECRET, type ThreemaFake } from "@/test/fakes/threema";
import { startTwilioFake, TWILIO_SID, TWILIO_TOKEN, type TwilioFake } from "@/test/fakes/twilio";
import { startWebhookFake, webhookMessages, type WebhookFake } from "@/test/fakes/webhook";
import { startXmppFake, type XmppFake } from "@/test/fakes/xmpp";
import { META, makeUser } from "@/test/support/factories";

/** Every fake service at once, and per-channel knowledge the tests share. */

export type Fakes = {
  signal: SignalFake;
  telegram: TelegramFake;
  twilio: TwilioFake;
  webhook: WebhookFake;
  threema: ThreemaFake;
  xmpp: XmppFake;
  smtp: SmtpFake;
  close(): Promise<void>;
};

export async function startFakes(): Promise<Fakes> {
  const [signal, telegram, twilio, webhook, threema, xmpp, smtp] = await Promise.all([
    startSignalFake(),
    startTelegramFake(),
    startTwilioFake(),
    startWebhookFake(),
    startThreemaFake(),
    startXmppFake(),
    startSmtpFake(),
  ]);
  xmpp.accounts.set("gatehouse", "xmpp-secret-password");
  smtp.unknown.add("nobody@example.test");
  return {
    signal,
    telegram,
    twilio,
    webhook,
    threema,
    xmpp,
    smtp,
    close: async () => {
      await Promise.all([signal, telegram, twilio, webhook, threema, xmpp, smtp].map((f) => f.close()));
    },
  };
}

export type ChannelCase = {
  id: ChannelId;
  /** Settings (as an admin types them) pointing at the fake. */
  settings(f: Fakes): Record<string, string>;
  /** Settings with a wrong token / password. */
  badCredentials(f: Fakes): Record<string, string>;
  /** What those settings fail with, when it is not "credentials" (Signal has no token: its sender account is what fails). */
  badCredentialsFailure?: { kind: GatewayFailureKind; reason: string };
  /** A recipient the fake knows; registers it. */
  recipient(f: Fakes, n: number): string;
  /** A well-formed recipient the service does not know. */
  unknownRecipient: string;
  /** Texts the fake delivered to a recipient. */
  received(f: Fakes, recipient: string): string[];
  /** Makes the fake answer with a server error. */
  fail(f: Fakes, mode: "ok" | "error500" | "hang"): void;
  /** Secrets in `settings` that must never be printed. */
  secrets: string[];
};

// Generous: two shared cores, and CLI processes checking every channel at once.
const TIMEOUT = "5";

export const CASES: ChannelCase[] = [
  {
    id: "signal",
    settings: (f) => ({ url: f.signal.url, number: f.signal.account, timeout: TIMEOUT }),
    badCredentials: (f) => ({ url: f.signal.url, number: "+15559999999", timeout: TIMEOUT }),
    badCredentialsFailure: { kind: "sender_account", reason: "the account this server sends from is not working" },
    recipient: (f, n) => {
      const number = `+4917012345${String(n).padStart(2, "0")}`;
      f.signal.registered.add(number);
      return number;
    },
    unknownRecipient: "+4917099999999",
    received: (f, r) => f.signal.sent.filter((m) => m.recipients.includes(r)).map((m) => m.message),
    fail: (f, mode) => void (f.signal.mode = mode),
    secrets: [],
  },
  {
    id: "telegram",
    settings: (f) => ({ url: f.telegram.url, token: BOT_TOKEN, botUsername: "gatehouse_test_bot", timeout: TIMEOUT }),
    badCredentials: (f) => ({ url: f.telegram.url, token: "987654321:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", timeout: TIMEOUT }),
    recipient: (f, n) => {
      const chat = String(700000000 + n);
      f.telegram.chats.add(chat);
      return chat;
    },
    unknownRecipient: "555000111",
    received: (f, r) => f.telegram.sent.filter((m) => m.chatId === r).map((m) => m.text),
    fail: (f, mode) => void (f.telegram.mode = mode),
    secrets: [BOT_TOKEN],
  },
  {
    id: "sms",
    settings: (f) => ({ provider: "twilio", url: f.twilio.url, accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, from: "+15005550006", timeout: TIMEOUT }),
    badCredentials: (f) => ({
      provider: "twilio",
      url: f.twilio.url,
      accountSid: TWILIO_SID,
      authToken: "00000000000000000000000000000000",
      from: "+15005550006",
      timeout: TIMEOUT,
    }),
    recipient: (f, n) => {
      const number = `+4915112345${String(n).padStart(2, "0")}`;
      f.twilio.mobiles.add(number);
      return number;
    },
    unknownRecipient: "+4930123456",
    received: (f, r) => f.twilio.sent.filter((m) => m.to === r).map((m) => m.body),
    fail: (f, mode) => void (f.twilio.mode = mode),
    secrets: [TWILIO_TOKEN],
  },
  {
    id: "threema",
    settings: (f) => ({ url: f.threema.url, from: THREEMA_FROM, secret: THREEMA_SECRET, timeout: TIMEOUT }),
    badCredentials: (f) => ({ url: f.threema.url, from: THREEMA_FROM, secret: "wrong-secret-value", timeout: TIMEOUT }),
    recipient: (f, n) => {
      const id = `ECHO${String(1000 + n)}`;
      f.threema.identities.add(id);
      return id;
    },
    unknownRecipient: "ZZZZ9999",
    received: (f, r) => f.threema.sent.filter((m) => m.to === r).map((m) => m.text),
    fail: (f, mode) => void (f.threema.mode = mode),
    secrets: [THREEMA_SECRET],
  },
  {
    id: "xmpp",
    settings: (f) => ({ jid: `gatehouse@${f.xmpp.domain}`, password: "xmpp-secret-password", service: f.xmpp.service, timeout: TIMEOUT }),
    badCredentials: (f) => ({ jid: `gatehouse@${f.xmpp.domain}`, password: "not-the-password", service: f.xmpp.service, timeout: TIMEOUT }),
    recipient: (f, n) => {
      f.xmpp.accounts.set(`user${n}`, "irrelevant");
      return `user${n}@${f.xmpp.domain}`;
    },
    unknownRecipient: "nobody@example.test",
    received: (f, r) => f.xmpp.received.filter((m) => m.to === r).map((m) => m.body),
    fail: (f, mode) => void (f.xmpp.mode = mode),
    secrets: ["xmpp-secret-password"],
  },
  {
    id: "email",
    settings: (f) => ({ smtpUrl: f.smtp.url(), from: "Gatehouse <gatehouse@example.test>", timeout: TIMEOUT }),
    badCredentials: (f) => ({ smtpUrl: f.smtp.url("gatehouse", "wrong-password"), from: "gatehouse@example.test", timeout: TIMEOUT }),
    recipient: (_f, n) => `person${n}@example.test`,
    unknownRecipient: "nobody@example.test",
    received: (f, r) => f.smtp.mails.filter((m) => m.to.includes(r)).map((m) => m.text),
    fail: (f, mode) => void (f.smtp.mode = mode === "error500" ? "error451" : mode),
    secrets: ["smtp-pass-9f8e7d"],
  },
];

export function caseFor(id: ChannelId): ChannelCase {
  return CASES.find((c) => c.id === id)!;
}

/** The 6-digit code in a message. */
export function codeIn(text: string | undefined): string {
  const match = /\b(\d{6})\b/.exec(text ?? "");
  if (!match) throw new Error(`no code in message: ${text}`);
  return match[1]!;
}

export async function configure(c: ChannelCase, f: Fakes, settings = c.settings(f)): Promise<void> {
  const result = await configureGateway(channelById(c.id), settings, "test");
  if (!result.ok) throw new Error(result.message);
}

export function providerFor(id: ChannelId) {
  return findMessageCodeProvider(id)!;
}

/** A user with the provider verified and on, for `recipient`. */
export async function enrolledUser(c: ChannelCase, f: Fakes, recipient: string) {
  const user = await makeUser();
  const target = { channel: channelById(c.id), providerId: c.id };
  const started = await startSetup(target, user.id, recipient);
  if (!started.ok) throw new Error(started.message);
  const code = codeIn(c.received(f, recipient).at(-1));
  const finished = await finishSetup(target, user.id, code);
  if (!finished.ok) throw new Error(finished.message);
  return user;
}

/** What pressing "Send code" gets from beginChallenge: nothing (sent), or a thrown error with a userMessage. */
export async function begin(
  provider: SecondFactorProvider,
  ctx: ProviderContext,
): Promise<{ ok: true } | { ok: false; message: string; retryAfterSeconds?: number }> {
  try {
    await provider.beginChallenge!(ctx);
    return { ok: true };
  } catch (error) {
    const e = error as { userMessage?: string; retryAfterSeconds?: number };
    if (typeof e.userMessage !== "string") throw error;
    return { ok: false, message: e.userMessage, ...(e.retryAfterSeconds ? { retryAfterSeconds: e.retryAfterSeconds } : {}) };
  }
}

/** A fresh login challenge for the user, as the core creates it after the password. */
export async function loginContext(userId: string, login: string): Promise<ProviderContext> {
  const secret = await startChallenge({ userId, remember: false, meta: META, verified: false });
  const challenge = await findChallenge(secret);
  return { userId, login, meta: META, challengeId: challenge!.id };
}

export { webhookMessages };
