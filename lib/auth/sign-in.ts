import "server-only";
import { redirect } from "next/navigation";
import { startChallenge } from "@/lib/auth/challenge";
import { challengeCookieName, cookieOptions, deletedCookie, deviceCookieName, sessionCookieName, sessionCookieOptions } from "@/lib/auth/cookies";
import { newDeviceCookie } from "@/lib/auth/device-cookie";
import { CHALLENGE_LIFETIME, DEVICE_COOKIE_LIFETIME } from "@/lib/auth/policy";
import { signIn } from "@/lib/auth/next-auth";
import { clientWentAway, requestCookies } from "@/lib/auth/request-cookies";
import type { ClientMeta } from "@/lib/auth/request-meta";

/** Cookie plumbing around the login challenge and the hand-off to next-auth. */

export async function setChallengeCookie(secret: string): Promise<void> {
  (await requestCookies())?.set(challengeCookieName(), secret, cookieOptions(CHALLENGE_LIFETIME / 1000));
}

export async function readChallengeCookie(): Promise<string | undefined> {
  return (await requestCookies())?.get(challengeCookieName())?.value;
}

export async function clearChallengeCookie(): Promise<void> {
  (await requestCookies())?.delete(deletedCookie(challengeCookieName()));
}

/** This browser's device cookie, as sent (lib/auth/device-cookie.ts checks it). */
export async function readDeviceCookie(): Promise<string | undefined> {
  return (await requestCookies())?.get(deviceCookieName())?.value;
}

/** After a correct password: a new device cookie for this browser and account (90 days). */
export async function setDeviceCookie(login: string): Promise<void> {
  const value = newDeviceCookie(login);
  if (value) (await requestCookies())?.set(deviceCookieName(), value, cookieOptions(DEVICE_COOKIE_LIFETIME / 1000));
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
  const jar = await requestCookies();
  if (!jar) redirect("/login");
  jar.delete(deletedCookie(challengeCookieName()));
  if (!signedIn) return false;
  const session = jar.get(sessionCookieName());
  if (!session) return false;
  if (!remember) jar.set(sessionCookieName(), session.value, sessionCookieOptions());
  return true;
}

/**
 * A new session for a user who just proved who they are in this browser (set-up,
 * password change): a verified challenge redeemed through next-auth like any
 * sign-in, so there is one path to a session. Replaces the session cookie.
 */
export async function startFreshSession(userId: string, remember: boolean, meta: ClientMeta, methods?: string | null): Promise<boolean> {
  const challenge = await startChallenge({ userId, remember, meta, verified: true, methods: methods ?? undefined });
  return completeSignIn(challenge, remember);
}
