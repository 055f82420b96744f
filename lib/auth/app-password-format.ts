import "server-only";
import { randomFromAlphabet } from "@/lib/crypto/random";

/**
 * What an app password looks like: five groups of five characters from an
 * alphabet without look-alikes (no 0/O, 1/I/l, o), e.g. "k7Hq2-xM9aZ-…".
 * 56 symbols × 25 characters = 145 bits of entropy, so a keyed SHA-256 (not a
 * slow hash) is all the storage needs.
 */
export const APP_PASSWORD_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";
const GROUPS = 5;
const GROUP_LENGTH = 5;
export const APP_PASSWORD_BITS = GROUPS * GROUP_LENGTH * Math.log2(APP_PASSWORD_ALPHABET.length);

const group = `[${APP_PASSWORD_ALPHABET}]{${GROUP_LENGTH}}`;
// Dashes between groups are optional on input (some clients drop them).
const SHAPE = new RegExp(`^${group}(?:-?${group}){${GROUPS - 1}}$`);
const MAX_INPUT = GROUPS * GROUP_LENGTH + GROUPS - 1;

function grouped(raw: string): string {
  const parts: string[] = [];
  for (let i = 0; i < raw.length; i += GROUP_LENGTH) parts.push(raw.slice(i, i + GROUP_LENGTH));
  return parts.join("-");
}

export function generateAppPassword(): string {
  return grouped(randomFromAlphabet(APP_PASSWORD_ALPHABET, GROUPS * GROUP_LENGTH));
}

/** The canonical (dashed) form of a string shaped like an app password, or null. Cheap: no I/O. */
export function canonicalAppPassword(input: string): string | null {
  if (input.length > MAX_INPUT || !SHAPE.test(input)) return null;
  return grouped(input.replaceAll("-", ""));
}
