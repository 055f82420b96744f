import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { startChallenge } from "@/lib/auth/challenge";
import { challengeCookieName, cookieOptions, deletedCookie, deviceCookieName, sessionCookieName, sessionCookieOptions } from "@/lib/auth/cookies";
import { newDeviceCookie } from "@/lib/auth/device-cookie";
import { CHALLENGE_LIFETIME, DEVICE_COOKIE_LIFETIME } from "@/lib/auth/policy";
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
  (await cookies()).delete(deletedCookie(challengeCookieName()));
}

/** This browser's device cookie, as sent (lib/auth/device-cookie.ts checks it). */
export async function readDeviceCookie(): Promise<string | undefined> {
  return (await cookies()).get(deviceCookieName())?.value;
}

/** After a correct password: a new device cookie for this browser and account (90 days). */
export async function setDeviceCookie(login: string): Promise<void> {
  const value = newDeviceCookie(login);
  if (value) (await cookies()).set(deviceCookieName(), value, cookieOptions(DEVICE_COOKIE_LIFETIME / 1000));
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
    // Nobody to answer: end the action without rendering a page for them (a
    // render would read cookies, which Next refuses once the request is over).
    if (clientWentAway(error)) redirect("/login");
    // next-auth throws CredentialsSignin when authorize() returns null.
    if ((error as { type?: string }).type !== "CredentialsSignin") throw error;
  }
  const jar = await cookies();
  jar.delete(deletedCookie(challengeCookieName()));
  if (!signedIn) return false;
  const session = jar.get(sessionCookieName());
  if (!session) return false;
  if (!remember) jar.set(sessionCookieName(), session.value, sessionCookieOptions());
  return true;
}

/**
 * The browser hung up while its sign-in was being worked on. Next then runs the
 * request's `after()` work at once and makes cookies read-only, so the session
 * cookie cannot be set: nobody is there to receive it. That is a normal event,
 * not a server error — left to throw, Next logged it with a source-mapped stack
 * (and kept ~40 MB of source maps in memory from then on). The session row just
 * made is never handed out; it ends with the idle limit like any unused one.
 * Matched on Next's message: should it change, the event is merely logged again.
 */
function clientWentAway(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("Cookies can only be modified in a Server Action or Route Handler");
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
