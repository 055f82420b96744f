import "server-only";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";

/**
 * WebAuthn challenges: each one is answered once (the row is deleted by the
 * answer, right or wrong), within 5 minutes, for the purpose, user and binding
 * it was issued for — at sign-in the login challenge, at step-up the session, for
 * a passkey sign-in the browser that asked — so an assertion made for one sign-in,
 * session or browser is worthless in another. Only a keyed hash of the challenge
 * is kept.
 */

export const CEREMONY_TIMEOUT_MS = 5 * 60_000;

export type Purpose = "register" | "authenticate" | "passkey" | "step_up";
export type Binding = { purpose: Purpose; userId: string | null; bindTo: string | null };

/**
 * Stores a challenge the server just generated; a binding (purpose, user, bound to) holds one live challenge at a time (the newest).
 * `address` is the client's (a passkey sign-in's, which names no user), so each address's live challenges can be counted.
 */
export async function storeChallenge(challenge: string, binding: Binding, address: string | null = null): Promise<void> {
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.webAuthnChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
    // The user too: two users adding a key ("key" / "passkey") at the same time must not void each other's request.
    if (binding.bindTo !== null) await tx.webAuthnChallenge.deleteMany({ where: { purpose: binding.purpose, userId: binding.userId, bindTo: binding.bindTo } });
    await tx.webAuthnChallenge.create({
      data: { hash: hashSecret(challenge), ...binding, address, expiresAt: new Date(now.getTime() + CEREMONY_TIMEOUT_MS) },
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

/** Live challenges of `purpose` asked for from `address`, leaving out `except`'s (the binding that is about to be replaced). */
export async function liveChallengesFrom(purpose: Purpose, address: string, except: string): Promise<number> {
  return db.webAuthnChallenge.count({ where: { purpose, address, expiresAt: { gt: new Date() }, NOT: { bindTo: except } } });
}
