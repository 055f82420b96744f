import type { Random } from "./random";

/**
 * Hostile values. None of them contains a marker the leak check looks for
 * (a stack frame, "node_modules", a file path with a line number …): forms echo
 * some fields back, and an echo is not a leak.
 */

/** Strings that have broken naive code somewhere. */
export const NASTY_STRINGS: readonly string[] = [
  "",
  " ",
  "   \t  ",
  "\n",
  "\r\n",
  "\u0000",
  "a\u0000b",
  "\u0000\u0000\u0000\u0000",
  "\r\nSet-Cookie: gatehouse-session=forged",
  "x\r\nLocation: https://evil.example/",
  "../../../../../../etc/passwd",
  "..\\..\\..\\windows\\win.ini",
  "%00",
  "%FF%FE",
  "%E0%A4%A",
  "%%%",
  "%u0000",
  "' OR '1'='1' --",
  '"; DROP TABLE "User"; --',
  "1; SELECT sqlite_version();",
  "admin'--",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "${7*7}{{7*7}}<%= 7*7 %>",
  "%s%s%s%n",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "https://evil.example/",
  "http:evil.example",
  "/login?next=//evil.example",
  "/%2F%2Fevil.example",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "\u200b\u200c\u200d\ufeff",
  "\ud800",
  "\udfff",
  "a\ud800b",
  "\ufffe\uffff",
  "😀".repeat(40),
  "e\u0301".repeat(80),
  "\u0085\u2028\u2029",
  "İıſK",
  "ǅ",
  "ﬀ",
  "\u{10FFFF}",
  "-1",
  "0",
  "-0",
  "1e309",
  "NaN",
  "Infinity",
  "99999999999999999999999999",
  "0x1F",
  "1_000",
  "+1",
  "007",
  "true",
  "false",
  "null",
  "undefined",
  "[]",
  "{}",
  "[object Object]",
  "$",
  "$$",
  "$K1",
  "$@0",
  "$undefined",
  "$T",
  "$Q1",
  "$h0",
  "$n999",
  "$D2020-01-01",
  "$ACTION_ID_x",
  "on",
  "off",
  "yes",
  "1",
  "full",
  "read_only",
  "everyone",
  "groups",
  "remove",
  // Malformed WebAuthn answers (startAuthentication / startRegistration JSON): right shape, wrong insides.
  '{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AAAA","signature":"AAAA"},"clientExtensionResults":{}}',
  '{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiQUFBQSJ9","authenticatorData":"!!","signature":""},"clientExtensionResults":{}}',
  '{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiQUFBQSJ9","attestationObject":"oA"},"clientExtensionResults":{}}',
  '{"id":[],"type":"public-key","response":{"clientDataJSON":{"__proto__":{"type":"webauthn.get"}}}}',
  '{"type":"public-key","response":null}',
];

/** A random string of `length` code points from a mix of ranges, control characters and lone surrogates included. */
export function randomString(r: Random, length: number): string {
  const ranges: [number, number][] = [
    [0x20, 0x7e],
    [0x20, 0x7e],
    [0x00, 0x1f],
    [0x80, 0x24f],
    [0x400, 0x4ff],
    [0x600, 0x6ff],
    [0x4e00, 0x4fff],
    [0xd800, 0xdfff],
    [0xfff0, 0xffff],
    [0x1f300, 0x1f64f],
  ];
  let s = "";
  for (let i = 0; i < length; i++) {
    const [lo, hi] = r.pick(ranges);
    s += String.fromCodePoint(lo + r.int(hi - lo + 1));
  }
  return s;
}

/** Digits that are never a plausible 6-digit one-time code (a lucky guess would sign someone in) nor a small row id. */
function digits(r: Random): string {
  const length = r.pick([1, 2, 3, 4, 5, 7, 8, 12, 19, 20, 40, 400]);
  let s = String(1 + r.int(9));
  while (s.length < length) s += String(r.int(10));
  return length <= 4 ? `${s}${"0".repeat(6)}` : s;
}

/** Any hostile string: nasty, random, numeric or huge. */
export function hostileString(r: Random): string {
  const roll = r.next();
  if (roll < 0.4) return r.pick(NASTY_STRINGS);
  if (roll < 0.7) return randomString(r, 1 + r.int(r.chance(0.8) ? 40 : 600));
  if (roll < 0.8) return digits(r);
  if (roll < 0.95) return r.pick(["a", "\u0000", "é", "😀", "%", "A1-"]).repeat(1 + r.int(r.chance(0.7) ? 5_000 : 120_000));
  return r.pick(NASTY_STRINGS) + randomString(r, 8) + r.pick(NASTY_STRINGS);
}

/**
 * A string that no validator of a text field may accept: it contains a control
 * character — never one that trim() removes (tab, line breaks, vertical tab, form
 * feed), since a field trimmed at its edges would be right to take it.
 */
export function invalidText(r: Random): string {
  const base = hostileString(r);
  const at = r.int(base.length + 1);
  return base.slice(0, at) + String.fromCharCode(r.pick([0x00, 0x00, 0x01, 0x07, 0x08, 0x1b, 0x1f, 0x7f])) + base.slice(at);
}

/** Bytes that are not UTF-8: lone continuation bytes, overlong forms, surrogates, truncated sequences. */
export function invalidUtf8(r: Random): Buffer {
  const bad = [[0xff], [0xfe, 0xff], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98]];
  const parts: Buffer[] = [];
  for (let i = 0, n = 1 + r.int(6); i < n; i++) {
    parts.push(Buffer.from(randomString(r, r.int(6)), "utf8"), Buffer.from(r.pick(bad)));
  }
  return Buffer.concat(parts);
}

/** A JSON value of any shape, to put where a string, a boolean or a form was expected. */
export function hostileJson(r: Random, depth = 0): unknown {
  const roll = r.next();
  if (roll < 0.12) return null;
  if (roll < 0.2) return r.chance(0.5);
  if (roll < 0.32) return r.pick([0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, 4.9e-324, 42]);
  // Huge strings only at the top; nested values stay small (a thousand of them is the point, not their size).
  if (roll < 0.55 || depth > 3) return depth === 0 ? hostileString(r) : hostileString(r).slice(0, 200);
  if (roll < 0.65) return UNDEFINED;
  if (roll < 0.82)
    return r.chance(0.9)
      ? Array.from({ length: r.int(5) }, () => hostileJson(r, depth + 1))
      : Array.from({ length: 200 + r.int(800) }, () => r.pick([0, null, "x", true, [], {}]));
  const obj: Record<string, unknown> = {};
  for (let i = 0, n = r.int(6); i < n; i++)
    obj[r.pick(["__proto__", "constructor", "ok", "error", "message", "values", "get", "length", hostileString(r).slice(0, 40)])] = hostileJson(r, depth + 1);
  if (r.chance(0.2)) return JSON.parse(`{"__proto__": {"isAdmin": true, "ok": true}, "get": ${JSON.stringify(hostileString(r).slice(0, 40))}}`);
  return obj;
}

/** A value of a type other than `declared` ("string" | "boolean"), or a missing one. */
export function wrongType(r: Random, declared: string): unknown {
  for (;;) {
    const value = hostileJson(r);
    const type = value === UNDEFINED ? "undefined" : value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
    if (type !== declared) return value;
  }
}

/** React's encoding of `undefined` in a reply ("$undefined"). */
export const UNDEFINED = Symbol("undefined");

/** A client address from the documentation ranges, new per request, so that no throttle ever sees two requests from one address. */
export function clientAddress(r: Random): string {
  if (r.chance(0.8)) return `198.19.${r.int(256)}.${1 + r.int(254)}`;
  return `2001:db8:${r.int(65536).toString(16)}:${r.int(65536).toString(16)}::${(1 + r.int(65535)).toString(16)}`;
}
