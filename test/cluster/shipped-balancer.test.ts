// Threat: the nginx site operators install (deploy/nginx/gatehouse.conf) is not the load balancer the cluster suite tests — behind it the session cookie is not Secure/`__Host-`, the instances record nginx's address (or one the client made up) for every sign-in, the request id in their log is not nginx's, /metrics is open to the internet, or one stopped instance makes the balancer fail requests.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildIfStale } from "@/scripts/build-if-stale";
import { basic } from "@/test/support/api";
import { makeUser } from "@/test/support/factories";
import { hasNginx, nginxMainConf } from "@/test/support/nginx";
import { call, formFields, loopbackClient, PORTS, postForm, startCluster, type Cluster, type Reply } from "./cluster";

const databaseUrl = inject("postgresUrl");
const hasOpenssl = spawnSync("sh", ["-c", "command -v openssl"]).status === 0;
if (!databaseUrl) console.warn("shipped-balancer suite skipped: set TEST_POSTGRES_URL to a PostgreSQL database whose role may CREATE DATABASE");

const root = process.cwd();
const HOST = "auth.example.org";
/** What the browser's address bar shows: the shipped site's HTTPS server, on the test's port instead of 443. */
const PUBLIC_URL = `https://${HOST}:${PORTS.shippedHttps}`;
const METRICS_TOKEN = "metrics-token-for-the-shipped-balancer";
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-shipped-lb-"));
const hasIpv6 = Object.values(networkInterfaces()).some((addresses) => addresses?.some((a) => a.address === "::1"));

let cluster: Cluster;
let ca: string;

/** `text` with `from` replaced by `to`, failing when the shipped file no longer holds `from` exactly once. */
function substitute(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `deploy/nginx/gatehouse.conf holds "${from}" once`).toBe(1);
  return text.replace(from, to);
}

/** deploy/nginx/gatehouse.conf as shipped, changed only where the test must: its instances, its ports, its certificate, and Host on a port other than 443. */
function shippedSite(tls: string): string {
  let site = readFileSync(path.join(root, "deploy/nginx/gatehouse.conf"), "utf8");
  site = substitute(site, "server 127.0.0.1:3000;", `server 127.0.0.1:${PORTS.shippedA};`);
  site = substitute(site, "server 127.0.0.1:3001;", `server 127.0.0.1:${PORTS.shippedB};`);
  site = substitute(site, "listen 80;", `listen ${PORTS.shippedHttp};`);
  site = substitute(site, "listen 443 ssl http2;", `listen ${PORTS.shippedHttps} ssl http2;`);
  site = substitute(site, "listen [::]:80;", hasIpv6 ? `listen [::]:${PORTS.shippedHttp};` : "");
  site = substitute(site, "listen [::]:443 ssl http2;", hasIpv6 ? `listen [::]:${PORTS.shippedHttps} ssl http2;` : "");
  site = substitute(site, "/etc/ssl/gatehouse/fullchain.pem", path.join(tls, "fullchain.pem"));
  site = substitute(site, "/etc/ssl/gatehouse/privkey.pem", path.join(tls, "privkey.pem"));
  // `$host` drops the port; on 443 the browser's Origin has none either, here it has the test's port (Next's same-origin check compares the two).
  return substitute(site, "proxy_set_header Host $host;", "proxy_set_header Host $http_host;");
}

/** A self-signed certificate for HOST, as `openssl` makes one; returns its folder. */
function selfSignedCertificate(): string {
  const tls = path.join(dir, "tls");
  mkdirSync(tls);
  const made = spawnSync("openssl", [
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${HOST}`, "-addext", `subjectAltName=DNS:${HOST}`],
    ...["-keyout", path.join(tls, "privkey.pem"), "-out", path.join(tls, "fullchain.pem")],
  ]);
  expect(made.status, made.stderr.toString()).toBe(0);
  return tls;
}

type LogEntry = Record<string, unknown>;

/** The JSON log lines of an instance so far. */
const entriesOf = (output: string): LogEntry[] =>
  output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as LogEntry);

/** The log lines carrying `reqId`, on each instance (waiting ≤ 5 s for at least one, as an instance writes its line after answering). */
async function linesOf(reqId: string): Promise<{ a: LogEntry[]; b: LogEntry[] }> {
  for (let i = 0; ; i++) {
    const found = { a: entriesOf(cluster.a.output()).filter((e) => e.reqId === reqId), b: entriesOf(cluster.b.output()).filter((e) => e.reqId === reqId) };
    if (found.a.length + found.b.length > 0 || i >= 50) return found;
    await sleep(100);
  }
}

const requestIdOf = (reply: Reply) => String(reply.headers["x-request-id"]);
/** nginx's `$request_id`: 32 hexadecimal digits. */
const NGINX_REQUEST_ID = /^[0-9a-f]{32}$/;

async function signIn(login: string, password: string, from: string): Promise<Reply> {
  const page = await call(PUBLIC_URL, "/login", { from, ca });
  expect(page.status).toBe(200);
  return postForm(PUBLIC_URL, "/login", [...formFields(page.body, "password"), ["login", login], ["password", password]], { from, ca });
}

describe.skipIf(!databaseUrl || !hasNginx() || !hasOpenssl)(
  "deploy/nginx/gatehouse.conf served in front of two instances (TLS, PUBLIC_URL, TRUST_PROXY)",
  () => {
    beforeAll(async () => {
      buildIfStale(root);
      const tls = selfSignedCertificate();
      ca = readFileSync(path.join(tls, "fullchain.pem"), "utf8");
      const site = shippedSite(tls);
      // The settings of docs/deployment.md § 3 and § 5 (deploy/gatehouse.env.example): the public HTTPS address, the proxy trusted, metrics on.
      cluster = await startCluster({
        root,
        ports: { a: PORTS.shippedA, b: PORTS.shippedB },
        env: { DATABASE_URL: databaseUrl, INSTANCE_SECRET: inject("instanceSecret"), PUBLIC_URL, TRUST_PROXY: "true", METRICS_TOKEN, LOG_LEVEL: "debug" },
        balancer: { conf: (nginxDir) => nginxMainConf(nginxDir, site), listens: [PORTS.shippedHttp, PORTS.shippedHttps], url: PUBLIC_URL },
      });
    });
    afterAll(async () => {
      await cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("redirects plain HTTP to the same path on HTTPS (301)", async () => {
      const reply = await call(`http://127.0.0.1:${PORTS.shippedHttp}`, "/login?next=%2Fsecurity", { headers: { host: HOST } });
      expect(reply.status).toBe(301);
      // The shipped redirect names no port: in production HTTPS is on 443.
      expect(reply.headers.location).toBe(`https://${HOST}/login?next=%2Fsecurity`);
    });

    it("signs in over HTTPS with a Secure __Host- session cookie that works on the next requests, answered by both instances", async () => {
      const user = await makeUser();
      const from = loopbackClient();
      const signedIn = await signIn(user.login, user.password, from);
      expect(signedIn.status).toBe(303);
      const setCookie = (signedIn.headers["set-cookie"] ?? []).find((c) => c.startsWith("__Host-gatehouse-session="));
      expect(setCookie, String(signedIn.headers["set-cookie"])).toBeDefined();
      const attributes = setCookie!.split(";").map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(["secure", "httponly", "path=/"]));
      expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
      const cookie = setCookie!.split(";")[0]!;

      const answeredBy = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const me = await call(PUBLIC_URL, "/api/v1/me", { headers: { cookie }, from, ca });
        expect(me.status).toBe(200);
        expect((JSON.parse(me.body) as { user?: { login?: string } }).user?.login).toBe(user.login);
        // Each request's id is in the request line (LOG_LEVEL=debug) of exactly the instance that answered it.
        const lines = await linesOf(requestIdOf(me));
        const on = (["a", "b"] as const).filter((n) => lines[n].some((e) => e.msg === "request" && e.path === "/api/v1/me" && e.status === 200));
        expect(on).toHaveLength(1);
        answeredBy.add(on[0]!);
      }
      expect([...answeredBy].sort()).toEqual(["a", "b"]);
    });

    it("logs nginx's request id and the client's own address, not one the client sends in X-Forwarded-For or X-Request-Id", async () => {
      const user = await makeUser();
      const from = loopbackClient();
      const signedIn = await signIn(user.login, user.password, from);
      expect(signedIn.status).toBe(303);
      expect(requestIdOf(signedIn)).toMatch(NGINX_REQUEST_ID);
      const { a, b } = await linesOf(requestIdOf(signedIn));
      expect([...a, ...b].filter((e) => e.msg === "security event" && e.event === "sign_in.succeeded").map((e) => e.ip)).toEqual([from]);

      const other = loopbackClient();
      const forged = await call(PUBLIC_URL, "/api/v1/me", {
        headers: { authorization: basic(user.login, "not the password"), "x-forwarded-for": "203.0.113.9", "x-request-id": "chosen-by-the-client" },
        from: other,
        ca,
      });
      expect(forged.status).toBe(401);
      expect(requestIdOf(forged)).toMatch(NGINX_REQUEST_ID);
      const forgedLines = await linesOf(requestIdOf(forged));
      expect([...forgedLines.a, ...forgedLines.b].filter((e) => e.msg === "security event" && e.event === "sign_in.failed").map((e) => e.ip)).toEqual([other]);
      const everything = cluster.a.output() + cluster.b.output();
      expect(everything).not.toContain("203.0.113.9");
      expect(everything).not.toContain("chosen-by-the-client");
    });

    it("answers /metrics with 404 through nginx, even with the token, and 200 on each instance directly", async () => {
      const bearer = { authorization: `Bearer ${METRICS_TOKEN}` };
      for (let i = 0; i < 2; i++) expect((await call(PUBLIC_URL, "/metrics", { headers: bearer, ca })).status).toBe(404);
      for (const instance of [cluster.a, cluster.b]) {
        const direct = await call(instance.url, "/metrics", { headers: bearer });
        expect(direct.status).toBe(200);
        expect(direct.body).toContain("gatehouse_sign_ins_total");
      }
    });

    it("keeps answering through the balancer, a sign-in included, when one instance is stopped", async () => {
      const user = await makeUser();
      const from = loopbackClient();
      await cluster.b.stop();
      const signedIn = await signIn(user.login, user.password, from);
      expect(signedIn.status).toBe(303);
      const cookie = signedIn.cookies.find((c) => c.startsWith("__Host-gatehouse-session="))!;
      for (let i = 0; i < 4; i++) expect((await call(PUBLIC_URL, "/api/v1/me", { headers: { cookie }, from, ca })).status).toBe(200);
      expect((await call(PUBLIC_URL, "/api/health", { ca })).status).toBe(200);
    });
  },
);
