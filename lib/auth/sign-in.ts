import "server-only";
import { cookies } from "next/headers";
import { startChallenge } from "@/lib/auth/challenge";
import { challengeCookieName, cookieOptions, sessionCookieName } from "@/lib/auth/cookies";
import { CHALLENGE_LIFETIME } from "@/lib/auth/policy";
import { signIn } from "@/lib/auth/next-auth";
import type { ClientMeta } from "@/lib/auth/request-meta";

/** Cookie plumbing around the login challenge and the hand-off to next-auth. */

export async function setChallengeCookie(secret: string): Promise<void> {
  (await cookies()).set(challengeCookieName(), secret, cookieOptions(CHALLENGE_LIFETIME / 1000));
}

export async function readChallengeCookie(): Promise<string | undefined> {
  return (await cookies()).get(challengeCookieName())?.value;
}

export async function clearChallengeCookie(): Promise<void> {
  (await cookies()).delete({ name: challengeCookieName(), path: "/" });
}

/**
 * Redeems a verified challenge through next-auth, which sets the session cookie.
 * Without "remember me" the cookie is rewritten without an expiry, so it ends
 * with the browser (the row's 24 h idle limit applies either way).
 * Returns false when the challenge could not be redeemed.
 */
export async function completeSignIn(challenge: string, remember: boolean): Promise<boolean> {
  let signedIn = false;
  try {
    const url: string = await signIn("credentials", { challenge, redirect: false });
    signedIn = !new URL(url, "http://local").searchParams.has("error");
  } catch (error) {
    // next-auth throws CredentialsSignin when authorize() returns null.
    if ((error as { type?: string }).type !== "CredentialsSignin") throw error;
  }
  const jar = await cookies();
  jar.delete({ name: challengeCookieName(), path: "/" });
  if (!signedIn) return false;
  const session = jar.get(sessionCookieName());
  if (!session) return false;
  if (!remember) jar.set(sessionCookieName(), session.value, cookieOptions());
  return true;
}

/**
 * A new session for a user who just proved who they are in this browser (set-up,
 * password change): a verified challenge redeemed through next-auth like any
 * sign-in, so there is one path to a session. Replaces the session cookie.
 */
export async function startFreshSession(userId: string, remember: boolean, meta: ClientMeta): Promise<boolean> {
  const challenge = await startChallenge({ userId, remember, meta, verified: true });
  return completeSignIn(challenge, remember);
}
