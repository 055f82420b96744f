import "server-only";
import { ACTIVITY_WRITE_INTERVAL } from "@/lib/auth/policy";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { needsActivityWrite, type ResolvedToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";

/**
 * Last use of a session or app password through a protected app: when, from
 * where, and on which app (shown in the devices list). At most once a minute per
 * token, like lib/auth/tokens.ts `recordActivity` (a conditional update, so
 * concurrent requests write once), and only after the answer has gone out.
 */
export function activityWrite(token: ResolvedToken, meta: ClientMeta, app: string): (() => Promise<void>) | undefined {
  if (!needsActivityWrite(token)) return undefined;
  return async () => {
    const now = new Date();
    await db.authToken.updateMany({
      where: { id: token.id, OR: [{ lastActivity: { lte: new Date(now.getTime() - ACTIVITY_WRITE_INTERVAL) } }, { ip: null }] },
      data: { lastActivity: now, ip: meta.ip ?? "unknown", userAgent: meta.userAgent, lastApp: app },
    });
  };
}
