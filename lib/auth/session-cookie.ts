import "server-only";
import { hkdfSync } from "node:crypto";
import { sessionCookieName } from "@/lib/auth/cookies";
import { decryptDirectJwe, directKey, type DirectKey } from "@/lib/crypto/jwe";
import { deriveKey } from "@/lib/crypto/keys";
import { hashSecret } from "@/lib/crypto/random";

/** The secret next-auth encrypts its JWT with, derived from the instance secret. */
export function jwtSecret(): string {
  return deriveKey("auth-jwt").toString("base64url");
}

/**
 * next-auth's cookie key, derived once: Auth.js derives it with HKDF-SHA256 from
 * the secret, salted with the cookie name, on every encode and decode
 * (@auth/core/jwt `getDerivedEncryptionKey`).
 */
const keys = new Map<string, DirectKey>();

function cookieKey(salt: string): DirectKey {
  let key = keys.get(salt);
  if (!key) {
    const info = `Auth.js Generated Encryption Key (${salt})`;
    key = directKey(Buffer.from(hkdfSync("sha256", jwtSecret(), salt, info, 64)));
    keys.set(salt, key);
  }
  return key;
}

/** Auth.js's `decode` allows this much clock skew on `exp` and `nbf`. */
const CLOCK_TOLERANCE_SECONDS = 15;

type Decoded = { sid: string; tokenHash: string; exp: number; nbf: number | undefined };

function decodeCookie(value: string): Decoded | null {
  const plaintext = decryptDirectJwe(value, cookieKey(sessionCookieName()));
  if (!plaintext) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(plaintext.toString("utf8"));
  } catch {
    return null;
  }
  if (typeof payload !== "object" || payload === null) return null;
  const { sid, exp, nbf, iat } = payload as Record<string, unknown>;
  if (typeof sid !== "string" || typeof exp !== "number") return null;
  if ((nbf !== undefined && typeof nbf !== "number") || (iat !== undefined && typeof iat !== "number")) return null;
  return { sid, tokenHash: hashSecret(sid), exp, nbf };
}

/**
 * Cookies already decoded, by value. Decoding is a pure function of the cookie
 * (the key never changes while the process runs), so a browser's cookie is
 * decrypted once, not on each of its requests; only cookies that decrypted
 * under our key get in, and the oldest go first past MAX_DECODED. It holds no
 * token state: the row is looked up on every request, so a revoked session
 * ends at once all the same. `exp` and `nbf` are checked on every read.
 */
const decoded = new Map<string, Decoded>();
const MAX_DECODED = 4096;

function decodeOnce(value: string | undefined, now: number): Decoded | null {
  if (!value || value.length > 4096) return null;
  let entry = decoded.get(value);
  if (!entry) {
    const fresh = decodeCookie(value);
    if (!fresh) return null;
    if (decoded.size >= MAX_DECODED) decoded.delete(decoded.keys().next().value!);
    decoded.set(value, fresh);
    entry = fresh;
  }
  const seconds = Math.floor(now / 1000);
  if (entry.exp <= seconds - CLOCK_TOLERANCE_SECONDS) return null;
  if (entry.nbf !== undefined && entry.nbf > seconds + CLOCK_TOLERANCE_SECONDS) return null;
  return entry;
}

/**
 * The session secret (`sid`) inside a session cookie, or null if it does not
 * decrypt or has expired. Equivalent to next-auth's `decode` for the cookies
 * next-auth issues (A256CBC-HS512 under the derived key; `exp` with 15 s of
 * tolerance) but synchronous, with the key derived once: this runs on every
 * signed-in request. test/auth/session-cookie.tampered-refused.test.ts holds it
 * to next-auth's `encode` and `decode`.
 */
export function readSessionCookie(value: string | undefined, now = Date.now()): string | null {
  return decodeOnce(value, now)?.sid ?? null;
}

/** The keyed hash of the session secret in a cookie (what the token row is found by), or null as readSessionCookie. */
export function sessionCookieTokenHash(value: string | undefined, now = Date.now()): string | null {
  return decodeOnce(value, now)?.tokenHash ?? null;
}
