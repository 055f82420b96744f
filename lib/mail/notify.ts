import "server-only";
import { log } from "@/lib/log";
import { afterResponse } from "@/lib/background";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { composeNotification, type NotificationDetails, type NotificationKind } from "@/lib/mail/messages";
import { sendMail } from "@/lib/mail/transport";

export type { NotificationDetails, NotificationKind } from "@/lib/mail/messages";

/**
 * Tells a user by e-mail that something changed on their account. Call it AFTER
 * the transaction that made the change has committed (never inside it): it only
 * schedules the work, which runs after the response (lib/background.ts) through
 * the e-mail channel, with its time limit. No e-mail address, no mail set up, or
 * a failed send: a log line, nothing fails.
 */
export function notify(userId: string, kind: NotificationKind, details: NotificationDetails = {}): void {
  const at = details.at ?? new Date();
  afterResponse(() => deliverNotification(userId, kind, { ...details, at }));
}

/** The work `notify` schedules; awaitable (tests, CLI). Returns what happened. */
export async function deliverNotification(
  userId: string,
  kind: NotificationKind,
  details: NotificationDetails,
): Promise<"sent" | "no_address" | "not_configured" | "failed"> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, login: true, displayName: true } });
  if (!user?.email) return "no_address";
  const { instanceName, publicUrl } = env();
  const message = composeNotification(kind, user, details, { name: instanceName, publicUrl });
  const outcome = await sendMail({ to: user.email, ...message });
  if (outcome === "not_configured") log.info("mail not sent: no e-mail set up (SMTP_URL or gateway:configure email)", { kind, userId });
  return outcome;
}
