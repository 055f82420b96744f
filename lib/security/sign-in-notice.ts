import "server-only";
import { db } from "@/lib/db";
import { deliverNotification } from "@/lib/mail/notify";
import { deviceKey } from "@/lib/security/user-agent";

/**
 * After a sign-in: e-mail the user when the browser + operating system has never
 * signed in to the account before (judged from earlier sign-in events). The very
 * first sign-in of an account is not announced: there is nothing to compare with.
 * Runs after the response (see lib/auth/challenge.ts). True when a mail was sent.
 */
export async function noticeSignIn(userId: string, eventId: number): Promise<boolean> {
  const event = await db.securityEvent.findUnique({ where: { id: eventId }, select: { userAgent: true, ip: true, createdAt: true } });
  if (!event) return false;
  // The account's most recent distinct user agents. Grouped by the database:
  // Prisma's `distinct` is done in memory after reading every matching row,
  // which made each sign-in read the account's whole sign-in history.
  const earlier = await db.securityEvent.groupBy({
    by: ["userAgent"],
    where: { userId, type: "sign_in.succeeded", id: { lt: eventId } },
    _max: { id: true },
    orderBy: { _max: { id: "desc" } },
    take: 200,
  });
  if (earlier.length === 0) return false;
  const key = deviceKey(event.userAgent);
  if (earlier.some((e) => deviceKey(e.userAgent) === key)) return false;
  return (await deliverNotification(userId, "sign_in.new_browser", { ip: event.ip, userAgent: event.userAgent, at: event.createdAt })) === "sent";
}
