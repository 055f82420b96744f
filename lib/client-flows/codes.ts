import "server-only";
import { createHash } from "node:crypto";
import { randomFromAlphabet } from "@/lib/crypto/random";

/**
 * The short codes of the client sign-in flows.
 *
 * - The device grant's user code (RFC 8628 §6.1): 8 letters from 20 consonants
 *   with no look-alikes and no vowels (no words), shown `XXXX-XXXX`. 20^8 ≈ 2.6e10
 *   (34.6 bits): guessing one is hopeless at the throttled rate of wrong codes
 *   (lib/client-flows/device-grant.ts).
 * - Login Flow v2's match code: six digits the client and the grant page both
 *   show, so the user sees that the page is about the client in front of them.
 *   The client derives it from its poll token (the JSON stays Nextcloud's): the
 *   first four bytes of SHA-256(poll token), big-endian, mod 10^6, zero-padded,
 *   shown "123 456" (docs/clients.md).
 */

export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
export const USER_CODE_LENGTH = 8;

export function generateUserCode(): string {
  return randomFromAlphabet(USER_CODE_ALPHABET, USER_CODE_LENGTH);
}

/** "BCDFGHJK" → "BCDF-GHJK" */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

const USER_CODE_SHAPE = new RegExp(`^[${USER_CODE_ALPHABET}]{${USER_CODE_LENGTH}}$`);

/** A typed user code in canonical form (upper case, no dashes or spaces), or null when it cannot be one. Cheap: no I/O. */
export function normalizeUserCode(input: unknown): string | null {
  if (typeof input !== "string" || input.length > 32) return null;
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  return USER_CODE_SHAPE.test(code) ? code : null;
}

export function matchCodeFor(pollToken: string): string {
  const n = createHash("sha256").update(pollToken, "utf8").digest().readUInt32BE(0) % 1_000_000;
  const digits = String(n).padStart(6, "0");
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
