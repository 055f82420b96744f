import "server-only";
import { createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { deriveKey } from "@/lib/crypto/keys";

/** 32 random bytes (256 bits), URL-safe: session ids, challenge ids. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** `length` characters drawn uniformly from `alphabet` (rejection-free via randomInt). */
export function randomFromAlphabet(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * Keyed SHA-256 of a high-entropy secret (session id, app password, challenge id).
 * Such secrets need no slow hash: guessing 128+ bits is hopeless either way, and a
 * stolen database without the instance key gives nothing to test guesses against.
 */
export function hashSecret(secret: string): string {
  return createHmac("sha256", deriveKey("token-hash")).update(secret, "utf8").digest("base64url");
}

/** Constant-time string equality (compares fixed-length digests, so length leaks nothing). */
export function constantTimeEqual(a: string, b: string): boolean {
  const key = deriveKey("token-hash");
  const da = createHmac("sha256", key).update(a).digest();
  const db = createHmac("sha256", key).update(b).digest();
  return timingSafeEqual(da, db);
}
