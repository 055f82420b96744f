/** Only same-site relative paths: "/settings", never "//evil.example" or "/\\evil". */
export function safeNext(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length > 2048) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\\]/.test(raw)) return fallback;
  // "/%5C…" and "/%2F…" are same-origin paths as sent, but become "/\…" or "//…" (another host) for
  // anything that decodes them once before redirecting: never a place to return to.
  if (/^\/%(?:5c|2f)/i.test(raw)) return fallback;
  return raw;
}
