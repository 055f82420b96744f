import { randomFromAlphabet } from "@/lib/crypto/random";

/**
 * Backup codes: 10 codes of 10 symbols from Crockford's base32 (no I, L, O, U):
 * 50 bits each, shown as "ABCDE-12345". Typing is forgiving the Crockford way:
 * case, spaces and dashes do not matter, O reads as 0 and I/L as 1.
 */
export const CODE_COUNT = 10;
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function generateCodes(): string[] {
  return Array.from({ length: CODE_COUNT }, () => randomFromAlphabet(ALPHABET, 10));
}

export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function normalizeBackupCode(input: string): string | null {
  if (input.length > 64) return null;
  const code = input.replace(/[\s-]/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
  return code.length === 10 && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}
