import { generate } from "otplib";

/**
 * HOTP as OATH hardware keys speak it (RFC 4226): HMAC-SHA-1 over a counter
 * that the key moves on at each press, 6 (or 8) digits. Pure functions: bytes
 * and numbers in, codes and counters out.
 */

/** How far ahead of the last accepted press one code may be (RFC 4226 §7.4's look-ahead window). */
export const LOOK_AHEAD = 10;
/** How far ahead two consecutive codes may resynchronise the counter (presses made away from this server). */
export const RESYNC_WINDOW = 100;
const MIN_KEY_BYTES = 16; // RFC 4226 R6: at least 128 bits
const MAX_KEY_BYTES = 64;

export type HotpKey = { key: Uint8Array; digits: 6 | 8; counter: number };

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function fromBase32(text: string): Uint8Array | null {
  const clean = text.toUpperCase().replace(/=+$/, "");
  if (!/^[A-Z2-7]+$/.test(clean)) return null;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of clean) {
    value = (value << 5) | BASE32.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(bytes);
}

function fromHex(text: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})+$/i.test(text)) return null;
  return Uint8Array.from(text.match(/../g)!.map((h) => parseInt(h, 16)));
}

function sized(key: Uint8Array | null): Uint8Array | null {
  return key && key.length >= MIN_KEY_BYTES && key.length <= MAX_KEY_BYTES ? key : null;
}

/** otpauth://hotp/<label>?secret=<base32>&counter=<n>[&digits=6|8][&algorithm=SHA1] — what a key's QR code holds. */
function fromUri(text: string): HotpKey | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "otpauth:" || url.host.toLowerCase() !== "hotp") return null;
  const algorithm = (url.searchParams.get("algorithm") ?? "SHA1").toUpperCase();
  const digits = Number(url.searchParams.get("digits") ?? "6");
  const counter = Number(url.searchParams.get("counter") ?? "0");
  const key = sized(fromBase32(url.searchParams.get("secret") ?? ""));
  if (!key || algorithm !== "SHA1" || (digits !== 6 && digits !== 8) || !Number.isSafeInteger(counter) || counter < 0) return null;
  return { key, digits, counter };
}

/**
 * A key's secret as the user has it: the otpauth://hotp text of its QR code,
 * or the secret itself in hex (as key personalisation tools print it) or
 * base32. Spaces and dashes do not matter. A secret of even length made only
 * of hex digits is read as hex. Null when it is none of these, or shorter
 * than 128 bits.
 */
export function parseKey(input: string): HotpKey | null {
  const text = input.trim();
  if (text.length === 0 || text.length > 512) return null;
  if (/^otpauth:/i.test(text)) return fromUri(text);
  const compact = text.replace(/[\s-]/g, "");
  const key = sized(fromHex(compact) ?? fromBase32(compact));
  return key ? { key, digits: 6, counter: 0 } : null;
}

export function hotp(key: Uint8Array, counter: number, digits: number): Promise<string> {
  return generate({ strategy: "hotp", secret: key, counter, digits });
}

/** One code, or two consecutive codes for resynchronisation ("123456 654321"); null when malformed. */
export function parseCodes(input: string, digits: number): string[] | null {
  if (input.length > 64) return null;
  const codes = input
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  const one = new RegExp(`^\\d{${digits}}$`);
  return codes.length >= 1 && codes.length <= 2 && codes.every((c) => one.test(c)) ? codes : null;
}

/**
 * The counter value the codes were made at — the last of two — or null.
 * One code: within LOOK_AHEAD presses from `from`. Two consecutive codes: within
 * RESYNC_WINDOW, for a key pressed many times away from this server.
 * `equal` compares in constant time.
 */
export async function matchCounter(key: HotpKey, from: number, codes: string[], equal: (a: string, b: string) => boolean): Promise<number | null> {
  const window = codes.length === 1 ? LOOK_AHEAD : RESYNC_WINDOW;
  const expected = await Promise.all(Array.from({ length: window + codes.length - 1 }, (_, i) => hotp(key.key, from + i, key.digits)));
  for (let i = 0; i < window; i++) {
    if (codes.every((code, j) => equal(expected[i + j]!, code))) return from + i + codes.length - 1;
  }
  return null;
}

/** How the key is stored: digits and the key in hex (the core encrypts it). */
export function encodeKey(key: HotpKey): string {
  return `${key.digits}:${Buffer.from(key.key).toString("hex")}`;
}

export function decodeKey(stored: string, counter: number): HotpKey {
  const [digits, hex] = stored.split(":");
  return { key: Uint8Array.from(Buffer.from(hex ?? "", "hex")), digits: digits === "8" ? 8 : 6, counter };
}
