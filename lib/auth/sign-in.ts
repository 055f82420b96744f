import "server-only";
import { cookies } from "next/headers";
import { challengeCookieName, cookieOptions, deletedCookie, sessionCookieName } from "@/lib/auth/cookies";
import { CHALLENGE_LIFETIME } from "@/lib/auth/policy";
import { signIn } from "@/lib/auth/next-auth";

/** Cookie plumbing around the login challenge and the hand-off to next-auth. */

export async function setChallengeCookie(secret: string): Promise<void> {
  (await cookies()).set(challengeCookieName(), secret, cookieOptions(CHALLENGE_LIFETIME / 1000));
}

export async function readChallengeCookie(): Promise<string | undefined> {
  return (await cookies()).get(challengeCookieName())?.value;
}

export async function clearChallengeCookie(): Promise<void> {
  (await cookies()).delete(deletedCookie(challengeCookieName()));
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
  jar.delete(deletedCookie(challengeCookieName()));
  if (!signedIn) return false;
  const session = jar.get(sessionCookieName());
  if (!session) return false;
  if (!remember) jar.set(sessionCookieName(), session.value, cookieOptions());
  return true;
}
