import { headerBytes, NODE_MAX_HEADER_BYTES, type Answer } from "./http";
import type { Violation } from "./oracle";
import type { VerifyPlanned } from "./verify-requests";

/**
 * What a verify endpoint's answer must satisfy on top of every answer's rules
 * (oracle.ts `check`): only the contracted statuses (200, 302 from forward-auth,
 * 401, 403, 400, 429 — a 503, the endpoint's own "my work threw", is a failure
 * like any 5xx), `Remote-*` headers on a 200 only and naming the caller, a 200
 * without them only under a public app, and never a 200 that the request's
 * credentials cannot earn.
 */

const CONTRACT = new Set([200, 401, 403, 400, 429]);

/** A path as strictly as any app behind a proxy could read it: unreserved escapes and dots decoded, backslashes as slashes, slashes merged, dot segments resolved. */
function strictPath(path: string): string {
  const decoded = path.replace(/%(2[eE]|[46][1-9a-fA-F]|[57][0-9aA]|3[0-9]|2[dD]|5[fF]|7[eE])/g, (e) => String.fromCharCode(parseInt(e.slice(1), 16)));
  return new URL(decoded.replace(/\\/g, "/").replace(/\/{2,}/g, "/"), "http://x").pathname;
}

/** The original URL as the proxy described it (the first of doubled headers; trimmed, as HTTP drops the spaces around a value). */
function originalUrl(req: VerifyPlanned): string {
  const one = (name: string) => [req.headers[name] ?? ""].flat()[0]!.replace(/^[ \t]+|[ \t]+$/g, "");
  if (req.verify.endpoint === "auth-request") return one("x-original-url");
  return `${one("x-forwarded-proto")}://${one("x-forwarded-host")}${one("x-forwarded-uri") || "/"}`;
}

/** Whether a public app covers the original URL: same origin, and the path under its prefix however strictly it is read. */
function underPublicApp(publicUrls: string[], original: string): boolean {
  let url: URL;
  try {
    url = new URL(original);
  } catch {
    return false;
  }
  const path = strictPath(original.replace(/^[a-z]+:\/\/[^/]*/i, "").split(/[?#]/, 1)[0] || "/");
  return publicUrls.some((publicUrl) => {
    const app = new URL(publicUrl);
    const prefix = app.pathname.replace(/\/$/, "");
    return app.origin === url.origin && (prefix === "" || path === prefix || path.startsWith(`${prefix}/`));
  });
}

export function checkVerify(req: VerifyPlanned, answer: Answer, publicUrls: string[]): Violation[] {
  const found: Violation[] = [];
  const fail = (why: string) => found.push({ label: req.label, status: answer.status, why, snippet: JSON.stringify(answer.body.slice(0, 200)) });
  const { endpoint, offPath, login, mustRefuse } = req.verify;
  const status = answer.status;
  if (status === 0 || status >= 500 || offPath) return found; // no answer and 5xx: check() reports them; a bent path is Next's, not the endpoint's
  const nodeLimit = status === 431 && headerBytes(req) > NODE_MAX_HEADER_BYTES - 1024;
  if (!CONTRACT.has(status) && !(status === 302 && endpoint === "forward-auth") && !nodeLimit) fail(`status ${status} is not one the verify contract allows`);

  const remote = Object.keys(answer.headers).filter((h) => h.startsWith("remote-"));
  if (status !== 200) {
    if (remote.length) fail(`Remote-* headers on a ${status}: ${remote.join(", ")}`);
    return found;
  }
  if (mustRefuse) fail(`let through: ${mustRefuse}`);
  const user = answer.headers["remote-user"];
  if (user === undefined) {
    if (remote.length) fail(`Remote-* headers without Remote-User: ${remote.join(", ")}`);
    if (!underPublicApp(publicUrls, originalUrl(req))) fail("a 200 without Remote-User outside a public app");
  } else if (user !== login) fail(`a 200 naming ${JSON.stringify(String(user).slice(0, 40))}, not the caller (${login ?? "nobody"})`);
  return found;
}
