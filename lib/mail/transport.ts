import "server-only";
import { createTransport } from "nodemailer";
import { env } from "@/lib/env";

/**
 * Outgoing mail over SMTP (SMTP_URL, MAIL_FROM). Without SMTP_URL nothing is sent
 * and nothing fails: the caller gets "not_configured" and logs it. Every send is
 * bounded in time, so a dead mail server never piles up work.
 */

export type OutgoingMail = { to: string; subject: string; text: string };
export type SendOutcome = "sent" | "not_configured";

export const MAIL_TIMEOUT = 15_000;

type Transport = ReturnType<typeof createTransport>;
let cached: { url: string; transport: Transport } | undefined;

function transport(url: string): Transport {
  if (cached?.url !== url) {
    cached = {
      url,
      transport: createTransport(
        { url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: MAIL_TIMEOUT },
        { from: env().mailFrom },
      ),
    };
  }
  return cached.transport;
}

export async function sendMail(mail: OutgoingMail): Promise<SendOutcome> {
  const url = env().smtpUrl;
  if (!url) return "not_configured";
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`SMTP send timed out after ${MAIL_TIMEOUT / 1000} s`)), MAIL_TIMEOUT);
  });
  try {
    await Promise.race([transport(url).sendMail({ to: mail.to, subject: mail.subject, text: mail.text }), timeout]);
    return "sent";
  } finally {
    clearTimeout(timer);
  }
}
