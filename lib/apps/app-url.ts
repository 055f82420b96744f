/**
 * A protected app's address: an origin (scheme, host, port) and a path prefix.
 * Parsed once, with the WHATWG URL parser the verify endpoints also use, so a
 * stored prefix and a request URL are compared in the same normal form: lower-case
 * host, default port dropped, dot segments resolved. Pure.
 */

export type AppUrl = { origin: string; pathPrefix: string };

export const MAX_APP_URL_LENGTH = 2048;

export function parseAppUrl(raw: string): AppUrl | { error: string } {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_APP_URL_LENGTH)
    return { error: "The URL must be an http(s) origin with an optional path, e.g. https://cal.example.org or https://example.org/wiki." };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: "That is not a URL. Use an http(s) origin with an optional path, e.g. https://cal.example.org." };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { error: "The URL must start with http:// or https://." };
  if (url.username || url.password) return { error: "The URL must not contain a user name or password." };
  if (url.search || url.hash || /[?#]/.test(text)) return { error: "The URL must not contain a query (?) or a fragment (#)." };
  return { origin: url.origin, pathPrefix: normalPrefix(url.pathname) };
}

/** "/" or "/a/b" (no trailing slash), so "/wiki" covers "/wiki" and "/wiki/…" but not "/wikipedia". */
export function normalPrefix(pathname: string): string {
  const trimmed = pathname.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/** Whether `pathname` (a parsed URL's path) lies under `prefix` (from normalPrefix), on a segment boundary. */
export function underPrefix(pathname: string, prefix: string): boolean {
  if (prefix === "/") return true;
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** The app's URL as an admin typed it back: origin + path ("/" shown as nothing). */
export function appUrlText(app: AppUrl): string {
  return app.pathPrefix === "/" ? app.origin : `${app.origin}${app.pathPrefix}`;
}

const UNRESERVED_ESCAPE = /%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[Dd]|2[Ee]|5[Ff]|7[Ee])/g;

/**
 * A request path in the form the proxy and the app behind it will route by:
 * percent-escapes of unreserved characters decoded (RFC 3986 § 6.2.2.2: "/%63al"
 * is "/cal") and repeated slashes merged (nginx's merge_slashes), so an escaped
 * or doubled path cannot be matched against a less specific, laxer app.
 * Escaped slashes and other reserved characters stay as they are.
 */
export function routingPath(pathname: string): string {
  return pathname.replace(UNRESERVED_ESCAPE, (e) => String.fromCharCode(parseInt(e.slice(1), 16))).replace(/\/{2,}/g, "/");
}
