import "server-only";
import { createHmac } from "node:crypto";
import { z } from "zod";
import { parseLoginName } from "@/lib/auth/login-name";
import { deriveKey } from "@/lib/crypto/keys";
import { constantTimeEqual, randomToken } from "@/lib/crypto/random";

/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device
 * Cookies"): a browser that got the password right for an account carries
 * `<login>.<nonce>.<signature>` — the login key (base64url), 128 random bits,
 * and an HMAC-SHA256 of both under a key derived from the instance secret. It is
 * no credential (the password is still needed); it only tells the throttle "this
 * browser signed in here before", so its attempts get a budget of their own
 * that the account's lock-out does not touch (lib/auth/throttle.ts, `device`).
 * A new one, with a new nonce, is issued at each successful password step.
 */

const cookieValue = z.string().regex(/^([A-Za-z0-9_-]{1,88})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/);

const encodeLogin = (key: string) => Buffer.from(key, "utf8").toString("base64url");

function signature(login: string, nonce: string): string {
  return createHmac("sha256", deriveKey("device-cookie")).update(`${login}.${nonce}`, "utf8").digest("base64url");
}

/** A fresh device cookie value for the account `login` names; null for a name no account can have. */
export function newDeviceCookie(login: string): string | null {
  const key = parseLoginName(login)?.key;
  if (!key) return null;
  const name = encodeLogin(key);
  const nonce = randomToken(16);
  return `${name}.${nonce}.${signature(name, nonce)}`;
}

/** The device's id (its nonce) when `cookie` is one of ours for the account `login` names; else null. */
export function deviceIdFor(cookie: string | undefined, login: string): string | null {
  const parsed = cookie === undefined ? null : cookieValue.safeParse(cookie);
  if (!parsed?.success) return null;
  const [name, nonce, mac] = parsed.data.split(".") as [string, string, string];
  if (!constantTimeEqual(mac, signature(name, nonce))) return null;
  const key = parseLoginName(login)?.key;
  return key !== undefined && name === encodeLogin(key) ? nonce : null;
}
