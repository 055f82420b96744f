import "server-only";
import { CHALLENGE_LIFETIME, CHALLENGE_MAX_ATTEMPTS } from "@/lib/auth/policy";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { createSessionToken } from "@/lib/auth/tokens";
import { afterResponse, nowAndThen } from "@/lib/background";
import { hashSecret, randomToken } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/security/events";
import { noticeSignIn } from "@/lib/security/sign-in-notice";

/**
 * The login challenge: the only state between a correct password and a session.
 * It is created after the password, verified by a second factor (or at once when
 * none is needed), and redeemed exactly once for a new session token. The id in
 * the HttpOnly cookie is random; only its hash is stored.
 */

export type Challenge = {
  id: string;
  userId: string;
  remember: boolean;
  attempts: number;
  verified: boolean;
  expiresAt: Date;
  /** How far the user got, space-separated method codes ("pwd", then the factor's); handed to the session. */
  methods: string;
};

export async function startChallenge(input: { userId: string; remember: boolean; meta: ClientMeta; verified: boolean; methods?: string }): Promise<string> {
  const secret = randomToken();
  const now = Date.now();
  nowAndThen("login-challenges", 10 * 60_000, purgeDeadChallenges);
  await db.loginChallenge.create({
    data: {
      hash: hashSecret(secret),
      userId: input.userId,
      remember: input.remember,
      expiresAt: new Date(now + CHALLENGE_LIFETIME),
      verifiedAt: input.verified ? new Date(now) : null,
      methods: input.methods ?? "pwd",
      ip: input.meta.ip,
      userAgent: input.meta.userAgent,
    },
  });
  return secret;
}

/** A live challenge (not expired or consumed, attempts left or already solved), or null. */
export async function findChallenge(secret: string | undefined): Promise<Challenge | null> {
  if (!secret || secret.length > 128) return null;
  const row = await db.loginChallenge.findUnique({ where: { hash: hashSecret(secret) } });
  if (!row || row.consumedAt || row.expiresAt.getTime() <= Date.now()) return null;
  if (row.verifiedAt === null && row.attempts >= CHALLENGE_MAX_ATTEMPTS) return null;
  return {
    id: row.id,
    userId: row.userId,
    remember: row.remember,
    attempts: row.attempts,
    verified: row.verifiedAt !== null,
    expiresAt: row.expiresAt,
    methods: row.methods,
  };
}

/**
 * Takes one of the challenge's attempts before an answer is checked. The
 * conditional increment means concurrent guesses can never exceed the cap.
 * Returns the attempts left after this one, or null if none were left.
 */
export async function reserveAttempt(challengeId: string): Promise<number | null> {
  const { count } = await db.loginChallenge.updateMany({
    where: { id: challengeId, verifiedAt: null, consumedAt: null, expiresAt: { gt: new Date() }, attempts: { lt: CHALLENGE_MAX_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (count !== 1) return null;
  const row = await db.loginChallenge.findUniqueOrThrow({ where: { id: challengeId }, select: { attempts: true } });
  return CHALLENGE_MAX_ATTEMPTS - row.attempts;
}

/** Marks a live, unverified challenge as solved (after reserveAttempt), with the methods it now has. False if it was not live. */
export async function markVerified(challengeId: string, methods: string): Promise<boolean> {
  const { count } = await db.loginChallenge.updateMany({ where: liveUnsolved(challengeId), data: { verifiedAt: new Date(), methods } });
  return count === 1;
}

/** A challenge still open to the answer being accepted, which took the last reserved attempt at most. */
const liveUnsolved = (id: string) => ({ id, verifiedAt: null, consumedAt: null, expiresAt: { gt: new Date() }, attempts: { lte: CHALLENGE_MAX_ATTEMPTS } });

/**
 * Records an answer that proved the user before a set-up the sign-in still
 * needs (lib/two-factor/challenge-flow.ts): the methods grow, the challenge
 * stays unsolved. Once: the methods must still be what the answer was checked
 * against. False if it was not live.
 */
export async function markProved(challengeId: string, from: string, methods: string): Promise<boolean> {
  const { count } = await db.loginChallenge.updateMany({
    where: { ...liveUnsolved(challengeId), methods: from },
    data: { methods },
  });
  return count === 1;
}

export async function cancelChallenge(secret: string | undefined): Promise<void> {
  if (!secret || secret.length > 128) return;
  await db.loginChallenge.deleteMany({ where: { hash: hashSecret(secret) } });
}

/**
 * Redeems a verified challenge for a new session token: the conditional update
 * lets exactly one caller through, and the session is created in the same
 * transaction. Returns the session secret, or null.
 */
export async function redeemChallenge(secret: string, meta: ClientMeta): Promise<string | null> {
  if (secret.length > 128) return null;
  const now = new Date();
  const signedIn = await db.$transaction(async (tx) => {
    const row = await tx.loginChallenge.findUnique({ where: { hash: hashSecret(secret) } });
    if (!row) return null;
    const { count } = await tx.loginChallenge.updateMany({
      where: { id: row.id, verifiedAt: { not: null }, consumedAt: null, expiresAt: { gt: now } },
      data: { consumedAt: now },
    });
    if (count !== 1) return null;
    const user = await tx.user.update({
      where: { id: row.userId },
      data: { lastLoginAt: now },
      select: { disabled: true },
    });
    if (user.disabled) return null;
    // Signing in counts as a fresh confirmation for sudo mode.
    const session = await createSessionToken(tx, { userId: row.userId, remember: row.remember, meta, reauthAt: now, methods: row.methods });
    const eventId = await recordEvent(tx, {
      userId: row.userId,
      type: "sign_in.succeeded",
      ...meta,
      details: { remember: row.remember, sessionId: session.id, methods: row.methods },
    });
    return { secret: session.secret, userId: row.userId, eventId };
  });
  if (!signedIn) return null;
  // After the commit and off the response path: e-mail if this browser is new for the account.
  afterResponse(() => noticeSignIn(signedIn.userId, signedIn.eventId));
  return signedIn.secret;
}

/**
 * Removes sign-ins in progress that can no longer be used, and the message codes
 * that expired with them; at most every 10 minutes, after a response that started
 * a challenge. Returns how many challenges went.
 */
export async function purgeDeadChallenges(now = new Date()): Promise<number> {
  const { count } = await db.loginChallenge.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { consumedAt: { not: null } }] },
  });
  // An hour's grace: the resend cooldown and set-up counters read recent codes.
  await db.messageCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 60 * 60_000) } } });
  return count;
}
