// Threat: hostile or broken proxy headers (a smuggled host, a huge URL, an odd method) make the verify endpoint crash (500) or judge a different URL than the app serves.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerVerify, verifyEndpoint } from "@/lib/forward-auth/http";
import { sessionCookie } from "@/test/support/api";
import { makeSession, makeUser } from "@/test/support/factories";
import { ask, makeApp } from "./support";

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    const endpoint = verifyEndpoint(req.url);
    if (endpoint) return answerVerify(endpoint, req, res, false);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A raw request to the bare verify listener, headers exactly as given. */
function raw(path: string, headers: Record<string, string>, method = "GET", body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("verify endpoints: malformed input is 400 or 403, never 500", () => {
  it("refuses malformed X-Original-URL / X-Original-Method with 400", async () => {
    const app = await makeApp();
    const bad: Record<string, string>[] = [
      {},
      { "x-original-method": "GET" },
      { "x-original-url": app.url },
      { "x-original-url": app.url, "x-original-method": "BREW" },
      { "x-original-url": app.url, "x-original-method": "get" },
      { "x-original-url": "/relative/path", "x-original-method": "GET" },
      { "x-original-url": "javascript:alert(1)", "x-original-method": "GET" },
      { "x-original-url": "ftp://x.gatehouse.test/", "x-original-method": "GET" },
      { "x-original-url": `https://admin@${new URL(app.url).host}/`, "x-original-method": "GET" },
      { "x-original-url": `https://evil.gatehouse.test\\@${new URL(app.url).host}/`, "x-original-method": "GET" },
      { "x-original-url": `${app.url}/a b`, "x-original-method": "GET" },
      { "x-original-url": `${app.url}/${"a".repeat(9000)}`, "x-original-method": "GET" },
      { "x-original-url": "https://[::1/", "x-original-method": "GET" },
      { "x-original-url": "https://a..b/", "x-original-method": "GET" },
      { "x-original-url": `https://${new URL(app.url).host}:99999/`, "x-original-method": "GET" },
    ];
    for (const headers of bad) expect((await ask("auth-request", { url: "" }, { raw: headers })).status, JSON.stringify(headers).slice(0, 120)).toBe(400);
  });

  it("refuses malformed X-Forwarded-* with 400", async () => {
    const app = await makeApp();
    const host = new URL(app.url).host;
    const ok = { "x-forwarded-proto": "https", "x-forwarded-host": host, "x-forwarded-uri": "/", "x-forwarded-method": "GET" };
    expect((await ask("forward-auth", { url: "" }, { raw: { ...ok, accept: "text/html" } })).status).toBe(302);
    for (const change of [
      { "x-forwarded-proto": "gopher" },
      { "x-forwarded-proto": "https, http" },
      { "x-forwarded-host": `${host}, evil.gatehouse.test` },
      { "x-forwarded-host": `evil@${host}` },
      { "x-forwarded-host": `${host}/path` },
      { "x-forwarded-host": "" },
      { "x-forwarded-uri": "no-slash" },
      { "x-forwarded-uri": "/\u00e9" },
      { "x-forwarded-uri": `/${"a".repeat(9000)}` },
      { "x-forwarded-method": "TRACE" },
      { "x-forwarded-method": "" },
    ]) {
      const status = (await ask("forward-auth", { url: "" }, { raw: { ...ok, ...change } })).status;
      expect([400, 403], JSON.stringify(change).slice(0, 100)).toContain(status);
    }
    // A path that looks like a host is still a path on the app's own host.
    const pathy = await ask("forward-auth", { url: "" }, { raw: { ...ok, "x-forwarded-uri": "//evil.gatehouse.test/", accept: "text/html" } });
    expect(pathy.status).toBe(302);
    expect(decodeURIComponent(new URL(pathy.headers.Location!).searchParams.get("rd")!)).toBe(`https://${host}//evil.gatehouse.test/`);
  });

  it("over real HTTP: a verify request with a body, odd methods of its own, huge headers, duplicate headers — 4xx, never 5xx", async () => {
    const app = await makeApp();
    const user = await makeUser();
    const cookie = await sessionCookie(await makeSession(user.id));
    const ok = { "x-original-url": app.url, "x-original-method": "GET", cookie };
    expect(await raw("/api/v1/auth-request", ok)).toBe(200);
    expect(await raw("/api/v1/auth-request?x=1", ok, "HEAD")).toBe(200);
    expect(await raw("/api/v1/auth-request", { ...ok, "content-length": "5" }, "POST", "hello")).toBe(400);
    expect(await raw("/api/v1/auth-request", { ...ok, "x-original-method": "PROPFIND" }, "PROPFIND")).toBe(200);
    expect(await raw("/api/v1/auth-request", { ...ok, "x-original-url": `${app.url}/${"x".repeat(20_000)}` })).toBe(431);
    expect(await raw("/api/v1/auth-request", { ...ok, "x-original-url": `${app.url}\u0000` }).catch(() => 400)).toBe(400);
    expect(await raw("/api/v1/forward-auth", { "x-forwarded-proto": "https", "x-forwarded-host": "[", "x-forwarded-method": "GET" })).toBe(400);
  });
});
