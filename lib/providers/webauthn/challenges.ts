import "server-only";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";

/**
 * WebAuthn challenges: each one is answered once (the row is deleted by the
 * answer, right or wrong), within 5 minutes, for the purpose, user and binding
 * it was issued for — at sign-in the login challenge, at step-up the session, so
 * an assertion made for one sign-in or session is worthless in another. Only a
 * keyed hash of the challenge is kept.
 */

export const CEREMONY_TIMEOUT_MS = 5 * 60_000;

export type Purpose = "register" | "authenticate" | "passkey" | "step_up";
export type Binding = { purpose: Purpose; userId: string | null; bindTo: string | null };

/** Stores a challenge the server just generated; a binding (purpose, user, bound to) holds one live challenge at a time (the newest). */
export async function storeChallenge(challenge: string, binding: Binding): Promise<void> {
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.webAuthnChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
    // The user too: two users adding a key ("key" / "passkey") at the same time must not void each other's request.
    if (binding.bindTo !== null) await tx.webAuthnChallenge.deleteMany({ where: { purpose: binding.purpose, userId: binding.userId, bindTo: binding.bindTo } });
    await tx.webAuthnChallenge.create({
      data: { hash: hashSecret(challenge), ...binding, expiresAt: new Date(now.getTime() + CEREMONY_TIMEOUT_MS) },
    });
  });
}

/** Takes the challenge an answer carries: true exactly once, and only for the binding it was issued for and before it expired. */
export async function consumeChallenge(challenge: string, binding: Binding): Promise<boolean> {
  if (challenge.length === 0 || challenge.length > 256) return false;
  const { count } = await db.webAuthnChallenge.deleteMany({
    where: { hash: hashSecret(challenge), purpose: binding.purpose, userId: binding.userId, bindTo: binding.bindTo, expiresAt: { gt: new Date() } },
  });
  return count === 1;
}
