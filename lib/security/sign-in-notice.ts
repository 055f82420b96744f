import "server-only";
import { db } from "@/lib/db";
import { deliverNotification } from "@/lib/mail/notify";
import { addressBucket } from "@/lib/net/client-address";
import { deviceKey } from "@/lib/security/user-agent";

/**
 * After a sign-in: e-mail the user when both the browser + operating system and
 * the address (its /32 or /64) have never signed in to the account before
 * (judged from earlier sign-in events), with a link to the devices list. A
 * known browser on a new network, or a new browser at home, is not announced,
 * nor the very first sign-in of an account: there is nothing to compare with. A
 * trusted browser is a known one (it was trusted at a sign-in of its own); its
 * cookie replayed from another kind of browser at a new address is announced. Runs after the response (see lib/auth/challenge.ts), once per
 * sign-in. True when a mail was sent.
 */
export async function noticeSignIn(userId: string, eventId: number): Promise<boolean> {
  const event = await db.securityEvent.findUnique({ where: { id: eventId }, select: { userAgent: true, ip: true, createdAt: true } });
  if (!event) return false;
  // The account's most recent distinct user agents and addresses. Grouped by the
  // database: Prisma's `distinct` is done in memory after reading every matching
  // row, which made each sign-in read the account's whole sign-in history.
  const earlier = { userId, type: "sign_in.succeeded", id: { lt: eventId } };
  const [agents, addresses] = await Promise.all([
    db.securityEvent.groupBy({ by: ["userAgent"], where: earlier, _max: { id: true }, orderBy: { _max: { id: "desc" } }, take: 200 }),
    db.securityEvent.groupBy({ by: ["ip"], where: { ...earlier, ip: { not: null } }, _max: { id: true }, orderBy: { _max: { id: "desc" } }, take: 200 }),
  ]);
  if (agents.length === 0) return false;
  const key = deviceKey(event.userAgent);
  if (agents.some((e) => deviceKey(e.userAgent) === key)) return false;
  const bucket = event.ip ? addressBucket(event.ip) : null;
  if (bucket !== null && addresses.some((e) => e.ip !== null && addressBucket(e.ip) === bucket)) return false;
  return (await deliverNotification(userId, "sign_in.new_browser", { ip: event.ip, userAgent: event.userAgent, at: event.createdAt })) === "sent";
}
