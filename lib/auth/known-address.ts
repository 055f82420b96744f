import "server-only";
import { KNOWN_ADDRESS_PERIOD } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { addressBucket } from "@/lib/net/client-address";
import { findUserByLogin } from "@/lib/users";

/**
 * "Has this account been used from this address before?" — the escape hatch that
 * keeps a stranger from locking the owner out (NIST SP 800-63B 5.2.2: accept
 * attempts from addresses the subscriber authenticated from before). An address
 * (its /32 or /64) is known when, within 90 days, the account signed in from it
 * or one of its sessions or app passwords was used from it.
 */
export async function isKnownAddress(userId: string, address: string | null, now = Date.now()): Promise<boolean> {
  if (!address) return false;
  const bucket = addressBucket(address);
  const since = new Date(now - KNOWN_ADDRESS_PERIOD);
  const [events, tokens] = await Promise.all([
    db.securityEvent.findMany({
      where: { userId, type: "sign_in.succeeded", createdAt: { gte: since }, ip: { not: null } },
      orderBy: { id: "desc" },
      take: 200,
      select: { ip: true },
    }),
    db.authToken.findMany({ where: { userId, lastActivity: { gte: since }, ip: { not: null } }, take: 200, select: { ip: true } }),
  ]);
  return [...events, ...tokens].some((row) => row.ip !== null && addressBucket(row.ip) === bucket);
}

/** The same for a typed login name; false for a login that does not exist. */
export async function isKnownAddressForLogin(login: string, address: string | null): Promise<boolean> {
  const user = await findUserByLogin(login);
  return user ? isKnownAddress(user.id, address) : false;
}
