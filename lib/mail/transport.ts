import "server-only";
import { email } from "@/lib/gateways/email";
import { deliver } from "@/lib/gateways/send";

/**
 * Outgoing mail for notifications, through the e-mail channel the admin set up
 * (`gateway:configure email`, or else SMTP_URL and MAIL_FROM): one mail
 * configuration for codes and notifications, with the channel's time limit, its
 * failure status on the admin page, and secrets kept out of the logs. Never
 * throws: no channel → "not_configured", a failed send → "failed" (logged).
 */

export type OutgoingMail = { to: string; subject: string; text: string };
export type SendOutcome = "sent" | "not_configured" | "failed";

export async function sendMail(mail: OutgoingMail): Promise<SendOutcome> {
  // The e-mail channel takes the first line as the subject.
  const sent = await deliver(email, mail.to, `${mail.subject}\n\n${mail.text}`);
  if (sent.ok) return "sent";
  return sent.error.kind === "not_configured" ? "not_configured" : "failed";
}
