import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { request, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { request as tlsRequest } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startServer, type Server } from "@/bench/server";
import { multipart } from "@/bench/client";
import { nginxMainConf, startNginx, type Nginx } from "@/test/support/nginx";

/**
 * Two Gatehouse servers started as `npm start` starts one (bench/server.ts:
 * scripts/serve.ts with package.json's Node flags, NODE_ENV=production) on one
 * PostgreSQL database, and Debian's nginx in front of them as a round-robin load
 * balancer — each its own process on loopback, stopped by PID.
 */

/** Loopback ports of this suite's own processes (CLUSTER_TEST_PORT_BASE moves them; default: after the forward-auth suite's). */
const base = Number(process.env.CLUSTER_TEST_PORT_BASE ?? Number(process.env.FORWARD_AUTH_TEST_PORT_BASE ?? 4711) + 10);
export const PORTS = {
  a: base,
  b: base + 1,
  nginx: base + 2,
  observed: base + 3,
  stopping: base + 4,
  health: base + 5,
  metrics: base + 6,
  metricsOff: base + 7,
  cut: base + 8,
  pretty: base + 9,
  // test/cluster/shipped-balancer.test.ts: its two instances and deploy/nginx/gatehouse.conf's HTTP and HTTPS servers.
  shippedA: base + 10,
  shippedB: base + 11,
  shippedHttp: base + 12,
  shippedHttps: base + 13,
} as const;

export type Cluster = { a: Server; b: Server; balancer: string; stop(): Promise<void> };

export type Ports = { a: number; b: number; nginx: number };

/** An nginx in front of the two instances: its main config (written under `dir`), the ports it listens on, and its address for the test. */
export type Balancer = { conf(dir: string): string; listens: number[]; url: string };

/** The plain-HTTP test balancer below on `p.nginx`. */
export const testBalancer = (p: Ports): Balancer => ({ conf: (dir) => balancerConf(dir, p), listens: [p.nginx], url: `http://127.0.0.1:${p.nginx}` });

/** The load balancer of docs/deployment.md ("Several instances"), on plain HTTP for the test. */
export function balancerConf(dir: string, p: Ports): string {
  return nginxMainConf(
    dir,
    `  upstream gatehouse {
    server 127.0.0.1:${p.a};
    server 127.0.0.1:${p.b};
    keepalive 8;
  }
  server {
    listen 127.0.0.1:${p.nginx};
    location / {
      proxy_pass http://gatehouse;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A sign-in or a code must never be sent twice because one instance was slow.
      proxy_next_upstream off;
      # Only for the test: which instance answered.
      add_header X-Test-Upstream $upstream_addr always;
    }
  }`,
  );
}

export async function startCluster(options: {
  root: string;
  ports: { a: number; b: number };
  env: Record<string, string>;
  balancer: Balancer;
}): Promise<Cluster> {
  const { root, ports, balancer } = options;
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-cluster-lb-"));
  for (const sub of ["a", "b"]) mkdirSync(path.join(dir, sub));
  const started: Server[] = [];
  let nginx: Nginx | undefined;
  const stop = async () => {
    await nginx?.stop();
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Both at the same moment: their migrations race, and the advisory lock must let only one apply them.
    const servers = await Promise.allSettled(
      (["a", "b"] as const).map((name) =>
        startServer({ name, root, port: ports[name], env: { ...options.env, GATEHOUSE_DATA_DIR: path.join(dir, name) } }).then((s) => (started.push(s), s)),
      ),
    );
    const failed = servers.find((s) => s.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    nginx = await startNginx(dir, balancer.conf(dir), balancer.listens);
    const [a, b] = (["a", "b"] as const).map((n) => started.find((s) => s.name === n)!);
    return { a: a!, b: b!, balancer: balancer.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export type Reply = { status: number; headers: IncomingHttpHeaders; body: string; cookies: string[] };

/**
 * One HTTP request from a chosen loopback address (each test is its own client for the throttles).
 * An https `base` is reached on 127.0.0.1 whatever its host name (the test's nginx), with that
 * name as TLS server name and Host, its certificate checked against `ca`.
 */
export function call(
  base: string,
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; from?: string; ca?: string } = {},
): Promise<Reply> {
  const url = new URL(pathname, base);
  const tls = url.protocol === "https:";
  const target = {
    host: tls ? "127.0.0.1" : url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    method: options.method ?? "GET",
    localAddress: options.from,
    headers: { host: url.host, ...options.headers },
  };
  return new Promise((resolve, reject) => {
    const answered = (res: IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body, cookies: (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!) }),
      );
    };
    const req = tls ? tlsRequest({ ...target, ca: options.ca, servername: url.hostname }, answered) : request(target, answered);
    req.on("error", reject);
    req.end(options.body);
  });
}

const ENTITIES: Record<string, string> = { "&quot;": '"', "&amp;": "&", "&lt;": "<", "&gt;": ">", "&#x27;": "'", "&#39;": "'" };
const unescapeHtml = (s: string) => s.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (m) => ENTITIES[m]!);

/** The hidden fields of the first form in `html` that has an input named `field` (a server action's `$ACTION_*`). */
export function formFields(html: string, field: string): [string, string][] {
  const form = [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!).find((f) => f.includes(`name="${field}"`));
  if (!form) throw new Error(`no form with a "${field}" field`);
  const hidden: [string, string][] = [];
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const attrs = Object.fromEntries([...tag.matchAll(/([\w$:-]+)="([^"]*)"/g)].map((m) => [m[1]!, unescapeHtml(m[2]!)]));
    if (attrs.type === "hidden" && attrs.name) hidden.push([attrs.name, attrs.value ?? ""]);
  }
  return hidden;
}

/** Posts a server-action form as a browser without JavaScript does. */
export function postForm(
  base: string,
  pathname: string,
  fields: [string, string][],
  options: { cookie?: string; from?: string; ca?: string } = {},
): Promise<Reply> {
  const form = multipart(fields);
  return call(base, pathname, {
    method: "POST",
    body: form.body,
    from: options.from,
    ca: options.ca,
    headers: { "content-type": form.contentType, origin: base, ...(options.cookie ? { cookie: options.cookie } : {}) },
  });
}

/** A fresh loopback address to send from. */
export function loopbackClient(): string {
  const n = () => Math.floor(Math.random() * 250) + 2;
  return `127.${n()}.${n()}.${n()}`;
}

/** A database of its own on TEST_POSTGRES_URL's server, for a test that breaks it. */
export async function scratchDatabase(
  server: string,
  prefix: string,
): Promise<{ url: string; name: string; admin: (sql: string) => Promise<void>; drop(): Promise<void> }> {
  const name = `${prefix}_${Math.random().toString(16).slice(2, 10)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, admin, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
