import "server-only";
import { cookieOptions, deletedCookie, passkeyCookieName } from "@/lib/auth/cookies";
import { requestCookies } from "@/lib/auth/request-cookies";
import { randomToken } from "@/lib/crypto/random";
import { CEREMONY_TIMEOUT_MS } from "./challenges";

/**
 * The browser a passkey sign-in request was made for: a random id in a
 * short-lived HttpOnly cookie (5 minutes, like the request). A request is bound
 * to it, so one browser holds one live request and an answer counts only in the
 * browser that asked (lib/providers/webauthn/passkey.ts).
 */

const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

/** This browser's id as sent, when it is one of ours. */
export async function passkeyBrowser(): Promise<string | null> {
  const value = (await requestCookies())?.get(passkeyCookieName())?.value;
  return value !== undefined && WELL_FORMED.test(value) ? value : null;
}

/** This browser's id, a new one when it has none; (re)sets the cookie to live as long as the request about to be made. */
export async function passkeyBrowserForRequest(): Promise<string> {
  const browser = (await passkeyBrowser()) ?? randomToken();
  (await requestCookies())?.set(passkeyCookieName(), browser, cookieOptions(CEREMONY_TIMEOUT_MS / 1000));
  return browser;
}

export async function clearPasskeyBrowser(): Promise<void> {
  (await requestCookies())?.delete(deletedCookie(passkeyCookieName()));
}
