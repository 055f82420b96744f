/**
 * Only same-site relative paths: "/settings", never "//evil.example" or "/\\evil".
 * Controls, spaces and DEL are refused too: a browser drops tabs and newlines
 * from a URL ("/\t/evil.example" becomes "//evil.example"), and a real link
 * carries spaces percent-encoded. So are "//" and an encoded slash or backslash
 * anywhere ("/%2F%2Fevil.example", "/login?next=//evil.example"): no page of
 * Gatehouse has them, and a path that decodes (once more, somewhere) into an
 * off-site address is never worth keeping.
 */
export function safeNext(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length > 2048) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/[\u0000-\u0020\u007f\\]|\/\/|%2f|%5c/i.test(raw)) return fallback;
  return raw;
}
