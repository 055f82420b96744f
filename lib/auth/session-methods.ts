import "server-only";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/security/events";
import { addMethod } from "@/lib/two-factor/assurance";
import type { AuthMethod } from "@/lib/two-factor/types";

/**
 * A session's methods after sign-in: only step-up adds one (a verified key
 * assertion bound to this very session), and nothing ever removes one. The
 * write is conditional on the methods read, and the security event is written
 * in the same transaction. The hot path reads the methods with the token row, so
 * the next request through a protected app already sees them.
 */
export async function addSessionMethod(session: { tokenId: number; userId: string }, method: AuthMethod, meta: ClientMeta): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const where = { id: session.tokenId, userId: session.userId, type: "session" };
    const row = await tx.authToken.findFirst({ where, select: { methods: true } });
    if (!row) return null;
    const methods = addMethod(row.methods, method);
    const { count } = await tx.authToken.updateMany({ where: { ...where, methods: row.methods }, data: { methods } });
    if (count !== 1) return null;
    await recordEvent(tx, { userId: session.userId, type: "session.stepped_up", ...meta, details: { sessionId: session.tokenId, methods } });
    return methods;
  });
}
