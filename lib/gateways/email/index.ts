import "server-only";
import { createTransport } from "nodemailer";
import { z } from "zod";
import { env } from "@/lib/env";
import { GatewayError } from "@/lib/gateways/errors";
import { configText, TIMEOUT_FIELD, timeoutSeconds } from "@/lib/gateways/fields";
import { emailAddress, maskAddress } from "@/lib/gateways/recipients";
import type { GatewayChannel, SendOptions } from "@/lib/gateways/types";

/**
 * E-mail over SMTP with nodemailer. Configured like the other channels
 * (`gateway:configure email`), or — when nothing is stored — from SMTP_URL and
 * MAIL_FROM in the environment.
 */

const config = z.object({
  smtpUrl: configText("SMTP URL", 2048).refine((s) => {
    try {
      const url = new URL(s);
      return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "SMTP URL must be an smtp:// or smtps:// URL such as smtps://user:password@mail.example.org:465."),
  from: configText("Sender", 254),
  timeout: timeoutSeconds,
});
export type EmailConfig = z.infer<typeof config>;

function transport(c: EmailConfig, options: SendOptions) {
  return createTransport({
    url: c.smtpUrl,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  } as Parameters<typeof createTransport>[0]);
}

function failure(error: unknown): GatewayError {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const detail = [e.code, e.responseCode, e.response ?? e.message].filter(Boolean).join(" ").replace(/\s+/g, " ").slice(0, 300);
  const status = e.responseCode ?? 0;
  if (e.code === "EAUTH" || status === 535 || status === 530) return new GatewayError("credentials", detail);
  if (e.code === "ETIMEDOUT" || e.code === "ECONNECTION" || e.code === "ESOCKET" || e.code === "EDNS") return new GatewayError("unreachable", detail);
  // A recipient refused for good (550 no such user, 553 bad mailbox); 4xx is the server's temporary trouble.
  if (e.code === "EENVELOPE" && status === 552) return new GatewayError("recipient_unreachable", detail);
  if (e.code === "EENVELOPE" && status >= 500) return new GatewayError("unknown_recipient", detail);
  if (status >= 400 && status < 500 && /rate|too many/i.test(detail)) return new GatewayError("rate_limited", detail);
  if (status >= 400 && status < 500) return new GatewayError("service_error", detail);
  return new GatewayError(status >= 500 ? "rejected" : "service_error", detail);
}

/** nodemailer's timeouts are per phase; this bounds the whole exchange. */
async function within<T>(ms: number, work: Promise<T>, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          onTimeout();
          reject(new GatewayError("unreachable", "no answer before the timeout"));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function send(c: EmailConfig, recipient: string, text: string, options: SendOptions): Promise<void> {
  const mailer = transport(c, options);
  try {
    const [subject] = text.split("\n");
    await within(options.timeoutMs, mailer.sendMail({ from: c.from, to: recipient, subject: subject!.slice(0, 120), text }), () => mailer.close());
  } catch (error) {
    throw error instanceof GatewayError ? error : failure(error);
  } finally {
    mailer.close();
  }
}

async function check(c: EmailConfig, options: SendOptions) {
  const mailer = transport(c, options);
  try {
    await within(options.timeoutMs, mailer.verify(), () => mailer.close());
    const url = new URL(c.smtpUrl);
    return { detail: `SMTP ${url.hostname}:${url.port || (url.protocol === "smtps:" ? 465 : 587)} accepts the login` };
  } catch (error) {
    throw error instanceof GatewayError ? error : failure(error);
  } finally {
    mailer.close();
  }
}

export const email: GatewayChannel<EmailConfig> = {
  id: "email",
  displayName: "E-mail",
  fields: [
    { key: "smtpUrl", label: "SMTP URL", secret: true, hint: "smtps://user:password@mail.example.org:465 or smtp://…:587 (STARTTLS)" },
    { key: "from", label: "Sender", hint: 'e.g. "Gatehouse <gatehouse@example.org>"' },
    TIMEOUT_FIELD,
  ],
  configSchema: config,
  caveat: "Anyone who can read your mailbox can read these codes too. An authenticator app is safer: use e-mail codes as a fallback.",
  recipient: {
    label: "E-mail address",
    placeholder: "you@example.org",
    hint: "Codes are sent to this address. Use one that is not protected by this sign-in.",
    inputMode: "email",
    schema: emailAddress,
    mask: maskAddress,
  },
  send,
  check,
  adminHints: {
    credentials: "E-mail: the SMTP server refused the login in the SMTP URL (535/530); run `gatehouse gateway:configure email` with the current password.",
    recipient_unreachable: "E-mail: the mailbox is full (552).",
  },
  fromEnvironment() {
    const e = env();
    return e.smtpUrl ? { smtpUrl: e.smtpUrl, from: e.mailFrom } : null;
  },
};
