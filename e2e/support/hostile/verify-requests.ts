import type { Random } from "./random";
import { hostileAuthorization, hostileHeaderValue, type Planned } from "./requests";
import { clientAddress, hostileString, invalidUtf8 } from "./values";

/**
 * Hostile requests to the forward-auth verify endpoints (`/api/v1/auth-request`
 * for nginx, `/api/v1/forward-auth` for Traefik and Caddy): what a broken or
 * hostile proxy — or a client that reaches Gatehouse directly — could put in
 * X-Original-URL / X-Original-Method / X-Forwarded-Method/Proto/Host/Uri
 * (overlong, control characters, CR LF, NUL, unicode, IPv6 zones, user info,
 * backslashes, percent-encoding tricks, dot segments, absolute-form oddities,
 * missing and doubled headers), with hostile Authorization and Cookie values
 * and odd methods of the verify request itself, aimed at hosts that protected
 * apps cover and hosts that none does. The endpoints write nothing but
 * throttle counters, failed-sign-in events and last activity, so every caller
 * may send anything, real credentials included.
 */

export type VerifyEndpoint = "auth-request" | "forward-auth";
export const VERIFY_PATHS: Record<VerifyEndpoint, string> = { "auth-request": "/api/v1/auth-request", "forward-auth": "/api/v1/forward-auth" };

/** A protected app seeded for the fuzz (`app:add`), and what its seed lets through. */
export type SeededApp = { name: string; url: string; public: boolean };

/** Who sends a verify request, and what a 200 may then say about them. */
export type Caller = {
  name: string;
  cookie(r: Random): string | undefined;
  /** A real Authorization header this caller sends (an app password, a login password in Basic). */
  authorization?: string;
  /** The login a 200 may name in Remote-User; null: nobody (only a public app lets this caller through). */
  login: string | null;
  /** Sent by this caller, never to appear in an answer. */
  secrets: string[];
  /** An app password that may only read: a write must be refused. */
  readOnly?: boolean;
  /** An app password for this app only: any other app must refuse it. */
  onlyApp?: string;
};

export type VerifyContext = { apps: SeededApp[]; uncovered: string[]; realNames: string[] };

export type VerifyPlanned = Planned & {
  verify: {
    endpoint: VerifyEndpoint;
    /** The verify path was bent ("/api/v1/auth-request/"): Next answers it, not the endpoint. */
    offPath: boolean;
    /** The login a 200 may name; null: none. */
    login: string | null;
    /** Why a 200 would be wrong whatever else the request says (unmutated requests only), or null. */
    mustRefuse: string | null;
  };
};

const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE", "PROPPATCH", "MKCOL", "MKCALENDAR", "MOVE", "COPY", "LOCK"];
const READ_METHODS = ["GET", "GET", "GET", "GET", "GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT"];
const ODD_METHODS = [
  "get",
  "BREW",
  "",
  " GET",
  "GET ",
  "GET, POST",
  "CONNECT",
  "TRACE",
  "G\u0000T",
  "GET\r\nRemote-User: admin",
  "M-SEARCH",
  "PROPFIND\t",
  "\u00c9T",
];
const TAILS = ["", "/", "/dav/calendars/u/", "/index.html?x=1&y=%20", "/a/b/c.ics", "/.well-known/caldav", "/?rd=//evil.example"];

/** A path mutation: traversal, encodings, controls, unicode, backslashes, huge. */
function hostilePath(r: Random, path: string): { path: string; why: string } {
  const cases: [string, () => string][] = [
    ["dot segments", () => `${path}/../../${r.pick(["private", "admin", ""])}`],
    ["encoded dot segments", () => `${path}/${r.pick(["%2e%2e", "%2E%2e", ".%2e", "%2e.", "%252e%252e", "..%2f", "..%5c", "%2e%2e%2f"])}/x`],
    ["backslashes", () => `${path}\\..\\x`.replace(/^\//, r.pick(["/", "\\", "/\\"]))],
    ["an escaped prefix", () => path.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)],
    ["doubled slashes", () => `/${path}//x`],
    ["bad percent-encoding", () => `${path}/${r.pick(["%", "%zz", "%E0%A4%A", "%FF%FE", "%00", "%0d%0a", "%C0%AF"])}`],
    ["a control character", () => `${path}/${String.fromCharCode(r.pick([0, 1, 9, 0x1b, 0x7f]))}x`],
    ["CR LF", () => `${path}/\r\nRemote-User: admin`],
    ["a lone CR or LF", () => `${path}/${r.pick(["\r", "\n"])}x`],
    ["unicode", () => `${path}/${Buffer.from(r.pick(["é", "😀", "\u202e", "\ufeff", "ｓｔａｔｕｓ", "İ"]), "utf8").toString("latin1")}`],
    [
      "bytes that are not UTF-8",
      () =>
        `${path}/${invalidUtf8(r)
          .toString("latin1")
          .replace(/[\r\n]/g, "")}`,
    ],
    ["a space", () => `${path}/a b`],
    ["no leading slash", () => path.replace(/^\/+/, "") || "x"],
    ["a fragment", () => `${path}#@evil.example`],
    ["overlong", () => `${path}/${"a".repeat(r.pick([7_900, 8_200, 12_000, 17_000 + r.int(4_000)]))}`],
    ["a hostile string", () => `${path}/${hostileHeaderValue(r)}`],
  ];
  const [why, make] = r.pick(cases);
  return { path: make(), why: `path: ${why}` };
}

/** A host mutation: user info, lists, IPv6 zones, unicode, ports, numeric forms. */
function hostileHost(r: Random, host: string): { host: string; why: string } {
  const cases: [string, () => string][] = [
    ["user info", () => r.pick([`admin@${host}`, `u:p@${host}`, `${host}@evil.example`, `evil.example@${host}`, `${host}:80@evil.example`])],
    ["a list of hosts", () => r.pick([`${host}, evil.example`, `${host} evil.example`, `${host},${host}`])],
    ["IPv6 literals", () => r.pick(["[::1]", "[fe80::1%25eth0]", "[fe80::1%eth0]", "[::ffff:127.0.0.1]:8080", "[::1", "::1", "[v1.x]", "[]", "[::1]:99999"])],
    ["numeric IPv4", () => r.pick(["127.1", "0x7f.0.0.1", "2130706433", "127.0.0.1.", "0177.0.0.1", "256.0.0.1"])],
    ["ports", () => r.pick([`${host}:`, `${host}:0`, `${host}:00080`, `${host}:65536`, `${host}:-1`, `${host}:http`, `${host}:8080:80`])],
    ["case and dots", () => r.pick([host.toUpperCase(), `${host}.`, `.${host}`, host.replace(".", ".."), host.replace(/\./g, "\u3002")])],
    [
      "unicode",
      () => Buffer.from(r.pick([host.replace("a", "а"), `ｃａｌ.${host}`, "xn--80ak6aa92e.gatehouse.test", `${host}\u200b`]), "utf8").toString("latin1"),
    ],
    ["backslashes", () => r.pick([`evil.example\\@${host}`, `${host}\\evil.example`, `\\\\${host}`])],
    ["a path in the host", () => r.pick([`${host}/x`, `${host}?x`, `${host}#x`, `${host}%2f`])],
    ["a control character", () => `${host}${r.pick(["\u0000", "\t", "\r\n", "\u007f"])}`],
    ["empty", () => ""],
    ["overlong", () => `${"a".repeat(63)}.`.repeat(5 + r.int(200)) + host],
    ["a hostile string", () => hostileHeaderValue(r)],
  ];
  const [why, make] = r.pick(cases);
  return { host: make(), why: `host: ${why}` };
}

/** The original request as the proxy would describe it, then broken (or not). */
function original(r: Random, ctx: VerifyContext) {
  const covered = r.chance(0.75);
  const app = covered ? r.pick(ctx.apps) : null;
  const base = new URL(app ? app.url : r.pick(ctx.uncovered));
  const prefix = base.pathname.replace(/\/$/, "");
  const write = r.chance(0.3);
  return {
    app,
    scheme: base.protocol.slice(0, -1),
    host: base.host,
    path: `${prefix}${r.pick(TAILS)}` || "/",
    method: r.pick(write ? WRITE_METHODS : READ_METHODS),
    write,
  };
}

function hostileScheme(r: Random): string {
  return r.pick(["HTTP", "Https", "ftp", "ws", "javascript", "", "http, https", "https ", "h\u0000ttp", "file", "httpss"]);
}

/** `X-Original-URL`, broken in the ways an absolute URL can be. */
function originalUrl(r: Random, o: ReturnType<typeof original>): { value: string; why: string[] } {
  const why: string[] = [];
  let { scheme, host, path } = o;
  if (r.chance(0.2)) ({ path } = withWhy(hostilePath(r, path), why));
  if (r.chance(0.15)) ({ host } = withWhy(hostileHost(r, host), why));
  if (r.chance(0.08)) {
    scheme = hostileScheme(r);
    why.push(`scheme ${JSON.stringify(scheme)}`);
  }
  let value = `${scheme}://${host}${path}`;
  if (r.chance(0.1)) {
    value = r.pick([
      `${scheme}:/${host}${path}`,
      `${scheme}:///${host}${path}`,
      `${scheme}:${host}${path}`,
      `//${host}${path}`,
      `${host}${path}`,
      path,
      `${scheme}://`,
      "*",
      `${scheme}:\\\\${host}${path}`,
      ` ${value}`,
      `${value} `,
      `${value}, ${value}`,
    ]);
    why.push("absolute-form oddity");
  }
  return { value, why };
}

function withWhy<T extends { why: string }>(m: T, why: string[]): T {
  why.push(m.why);
  return m;
}

function hostileMethod(r: Random, method: string, why: string[]): string {
  if (r.chance(0.9)) return method;
  const odd = r.chance(0.8) ? r.pick(ODD_METHODS) : hostileHeaderValue(r);
  why.push(`method ${JSON.stringify(odd.slice(0, 20))}`);
  return odd;
}

/** The proxy's headers for one endpoint; `why` lists what was broken (empty: a well-formed request). */
function proxyHeaders(r: Random, endpoint: VerifyEndpoint, o: ReturnType<typeof original>): { headers: Record<string, string | string[]>; why: string[] } {
  const headers: Record<string, string | string[]> = {};
  const why: string[] = [];
  const set = (name: string, value: string) => {
    if (r.chance(0.04)) return void why.push(`no ${name}`);
    if (r.chance(0.04)) {
      headers[name] = [value, r.pick([value, "http://evil.example/", hostileHeaderValue(r)])];
      return void why.push(`${name} twice`);
    }
    headers[name] = value;
  };
  if (endpoint === "auth-request") {
    const url = originalUrl(r, o);
    why.push(...url.why);
    set("x-original-url", url.value);
    set("x-original-method", hostileMethod(r, o.method, why));
  } else {
    let { scheme, host, path } = o;
    if (r.chance(0.08)) why.push(`proto ${JSON.stringify((scheme = hostileScheme(r)))}`);
    if (r.chance(0.2)) ({ host } = withWhy(hostileHost(r, host), why));
    if (r.chance(0.25)) ({ path } = withWhy(hostilePath(r, path), why));
    if (r.chance(0.04)) path = withWhy({ why: "an absolute URL as the URI", path: `http://evil.example${path}` }, why).path;
    set("x-forwarded-proto", scheme);
    set("x-forwarded-host", host);
    set("x-forwarded-uri", path);
    set("x-forwarded-method", hostileMethod(r, o.method, why));
  }
  return { headers, why };
}

/** Cookie, Authorization, Accept and the rest of what the original request carried. */
function credentials(r: Random, caller: Caller, ctx: VerifyContext, headers: Record<string, string | string[]>, why: string[]): boolean {
  const cookie = caller.cookie(r);
  if (cookie !== undefined) headers.cookie = r.chance(0.05) ? [cookie, `gatehouse-session=${hostileHeaderValue(r).replace(/[;,\s]/g, "")}`] : cookie;
  let hostileAuth = false;
  if (caller.authorization !== undefined && r.chance(0.85)) headers.authorization = caller.authorization;
  else if (r.chance(caller.authorization === undefined ? 0.35 : 1)) {
    headers.authorization = hostileAuthorization(r, ctx);
    hostileAuth = true;
    why.push(`Authorization "${String(headers.authorization).slice(0, 40)}"`);
  }
  if (r.chance(0.03) && headers.authorization !== undefined) {
    headers.authorization = [String(headers.authorization), hostileAuthorization(r, ctx)];
    why.push("Authorization twice");
  }
  // Half of them a browser's navigation: a sign-in page redirect (401 + Location, or forward-auth's 302) when not let in.
  if (r.chance(0.5)) headers.accept = "text/html,application/xhtml+xml,*/*;q=0.8";
  else if (r.chance(0.5)) headers.accept = r.pick(["*/*", "application/json", "TEXT/HTML", hostileHeaderValue(r)]);
  if (r.chance(0.2)) headers["sec-fetch-mode"] = r.pick(["navigate", "cors", "NAVIGATE", hostileHeaderValue(r)]);
  if (r.chance(0.1)) headers["remote-user"] = r.pick(["admin", ...ctx.realNames]);
  if (r.chance(0.05)) headers["x-forwarded-for"] = r.pick([hostileHeaderValue(r), `${clientAddress(r)}, 127.0.0.1`, "unknown", "[::1]:80"]);
  return hostileAuth;
}

/** The verify request's own method, path and body (the original method travels in a header). */
function transport(r: Random, endpoint: VerifyEndpoint, why: string[]) {
  let path = VERIFY_PATHS[endpoint];
  let offPath = false;
  if (r.chance(0.08)) path += r.pick(["?x=1", "?rd=//evil.example", "?", `?${"q".repeat(3000)}`]);
  if (r.chance(0.03)) {
    path = r.pick([`${path}/`, `${path};x`, path.toUpperCase(), path.replace("/v1/", "/v1//"), `${path}%00`, `${path}/..`]);
    offPath = true;
    why.push(`verify path ${path}`);
  }
  let method = "GET";
  let body: string | undefined;
  if (r.chance(0.12)) {
    method = r.pick(["HEAD", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PROPFIND", "BREW", "TRACE", "PATCH"]);
    why.push(`sent as ${method}`);
    if (method !== "HEAD" && method !== "TRACE" && r.chance(0.5)) {
      body = r.chance(0.8) ? hostileString(r).slice(0, 2_000) || "x" : "x".repeat(3 * 1024 * 1024);
      why.push("with a body");
    }
  }
  return { path, method, body, offPath };
}

export function verifyRequest(r: Random, endpoint: VerifyEndpoint, caller: Caller, ctx: VerifyContext): VerifyPlanned {
  const o = original(r, ctx);
  const { headers, why } = proxyHeaders(r, endpoint, o);
  const hostileAuth = credentials(r, caller, ctx, headers, why);
  const sent = transport(r, endpoint, why);
  headers["x-forwarded-for"] ??= clientAddress(r);
  if (r.chance(0.2)) headers["user-agent"] = hostileHeaderValue(r);
  const clean = why.length === 0 && !hostileAuth;
  const mustRefuse =
    !clean || o.app?.public
      ? null
      : !o.app
        ? "no app covers this address"
        : caller.login === null
          ? "no valid credentials"
          : caller.readOnly && o.write
            ? "a read-only app password writing"
            : caller.onlyApp !== undefined && caller.onlyApp !== o.app.name
              ? "an app password for another app"
              : null;
  return {
    label: `verify ${endpoint} · ${caller.name} · ${o.method} ${o.scheme}://${o.host}${o.path.slice(0, 60)} · ${why.join(", ").slice(0, 200) || "well-formed"}`,
    target: endpoint,
    method: sent.method,
    path: sent.path,
    headers,
    body: sent.body,
    oversized: false,
    refusedOnTheWay: false,
    canaries: caller.secrets,
    verify: {
      endpoint,
      offPath: sent.offPath,
      login: hostileAuth ? null : caller.login,
      mustRefuse,
    },
  };
}
