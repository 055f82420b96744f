/**
 * A typed one-time code as digits: "123 456" and "123-456" read as "123456";
 * anything that is not exactly `length` digits then (or longer than 64
 * characters, or not a string) is null.
 */
export function normalizeDigits(input: unknown, length: number): string | null {
  if (typeof input !== "string" || input.length > 64) return null;
  const digits = input.replace(/[\s-]/g, "");
  return digits.length === length && /^\d+$/.test(digits) ? digits : null;
}
