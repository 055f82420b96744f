import { routingPath } from "@/lib/apps/app-url";

/**
 * The request the proxy is asking about, from the headers it sends: nginx
 * `auth_request` gives `X-Original-URL` (absolute) and `X-Original-Method`;
 * Traefik `ForwardAuth` and Caddy `forward_auth` give `X-Forwarded-Method`,
 * `-Proto`, `-Host` and `-Uri`. Pure and bounded: anything malformed, oversized,
 * doubled or with an unknown method is refused (400), never guessed at.
 */

export type HeaderReader = (name: string) => string | undefined;

export type OriginalRequest = { url: URL; method: string };

export type ParsedOriginal = { ok: true; request: OriginalRequest } | { ok: false; reason: string };

export const MAX_ORIGINAL_URL_LENGTH = 8192;
const MAX_HOST_LENGTH = 260;

/** HTTP plus the WebDAV, CalDAV and CardDAV methods the apps behind a proxy take. */
export const KNOWN_METHODS = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
  "PROPFIND",
  "PROPPATCH",
  "MKCOL",
  "COPY",
  "MOVE",
  "LOCK",
  "UNLOCK",
  "REPORT",
  "MKCALENDAR",
  "SEARCH",
  "ACL",
]);

// Only what can appear in a request line's target: no spaces, controls or non-ASCII; no backslash either (the URL
// parser reads it as a slash and resolves dot segments across it, nginx and Caddy do not).
const REQUEST_TARGET = /^\/[\x21-\x5b\x5d-\x7e]*$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

const refused = (reason: string): ParsedOriginal => ({ ok: false, reason });

function method(raw: string | undefined): string | null {
  return raw !== undefined && KNOWN_METHODS.has(raw) ? raw : null;
}

/** nginx: `X-Original-URL: https://cal.example.org/dav/…`, `X-Original-Method: PROPFIND`. */
export function fromNginx(header: HeaderReader): ParsedOriginal {
  const raw = header("x-original-url");
  const m = method(header("x-original-method"));
  if (raw === undefined) return refused("X-Original-URL is missing.");
  if (!m) return refused("X-Original-Method is missing or not a method this server knows.");
  if (raw.length > MAX_ORIGINAL_URL_LENGTH) return refused("X-Original-URL is too long.");
  const scheme = /^(https?):\/\/([^/?#]*)(.*)$/.exec(raw);
  if (!scheme) return refused("X-Original-URL must be an absolute http(s) URL.");
  const target = scheme[3] === "" ? "/" : scheme[3]!;
  return build(scheme[1]!, scheme[2]!, target, m, "X-Original-URL");
}

/** Traefik and Caddy: `X-Forwarded-Proto`, `X-Forwarded-Host`, `X-Forwarded-Uri`, `X-Forwarded-Method`. */
export function fromForwarded(header: HeaderReader): ParsedOriginal {
  const proto = header("x-forwarded-proto");
  const host = header("x-forwarded-host");
  const uri = header("x-forwarded-uri") ?? "/";
  const m = method(header("x-forwarded-method"));
  if (proto !== "http" && proto !== "https") return refused("X-Forwarded-Proto must be http or https.");
  if (host === undefined) return refused("X-Forwarded-Host is missing.");
  if (!m) return refused("X-Forwarded-Method is missing or not a method this server knows.");
  if (uri.length > MAX_ORIGINAL_URL_LENGTH) return refused("X-Forwarded-Uri is too long.");
  return build(proto, host, uri, m, "X-Forwarded-Host/Uri");
}

function build(proto: string, host: string, target: string, m: string, what: string): ParsedOriginal {
  // One plain host (no user info, no list of hosts) and one request target.
  if (host.length > MAX_HOST_LENGTH || !HOST.test(host)) return refused(`${what}: the host is not valid.`);
  if (!REQUEST_TARGET.test(target)) return refused(`${what}: the path is not valid.`);
  let url: URL;
  try {
    url = new URL(`${proto}://${host}${target}`);
  } catch {
    return refused(`${what} is not a valid URL.`);
  }
  // The parser must have read the host we checked, not one smuggled through the path.
  if (url.host !== new URL(`${proto}://${host}`).host || url.username || url.password) return refused(`${what}: the host is not valid.`);
  if (resolvesTwoWays(target, url)) return refused(`${what}: the path resolves differently once repeated slashes are merged.`);
  return { ok: true, request: { url, method: m } };
}

/**
 * Dot segments next to repeated slashes ("/status//../x"): the URL parser keeps the empty
 * segment and lands in /status, nginx merges the slashes first and lands in /x. Refused
 * rather than judged by one reading while the proxy routes by the other.
 */
function resolvesTwoWays(target: string, url: URL): boolean {
  const mergedFirst = new URL(routingPath(target.split(/[?#]/, 1)[0]!), "http://x").pathname;
  return routingPath(mergedFirst) !== routingPath(url.pathname);
}
