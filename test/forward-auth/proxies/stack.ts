import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { answerVerify, verifyEndpoint } from "@/lib/forward-auth/http";
import { startNginx, type Nginx } from "@/test/support/nginx";
import { caddyfile, nginxConf, radicaleConf, type Ports } from "./configs";
import { echoServer } from "./echo";

/**
 * Real proxies and apps on loopback, started from the test as its own
 * processes (config, pid and data under a temporary folder) and stopped by PID:
 * Debian's nginx and Caddy, each in front of Radicale and of a page echoing the
 * Remote-* headers it got; Gatehouse's verify endpoints on a bare Node listener
 * (the same handler scripts/serve.ts mounts ahead of Next).
 */

export const PYTHON = "/usr/bin/python3";

/** What the suite needs that is not there (it installs nothing): empty = run. */
export function missingParts(): string[] {
  const missing: string[] = [];
  for (const bin of ["nginx", "caddy"]) if (spawnSync("sh", ["-c", `command -v ${bin}`]).status !== 0) missing.push(bin);
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ["-c", "import radicale, caldav"]).status !== 0) missing.push("radicale + python3-caldav");
  return missing;
}

export type Stack = { ports: Ports; dir: string; stop(): Promise<void> };

export async function startStack(ports: Ports): Promise<Stack> {
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-proxies-"));
  for (const sub of ["collections", "caddy"]) mkdirSync(path.join(dir, sub));
  writeFileSync(path.join(dir, "Caddyfile"), caddyfile(ports));
  writeFileSync(path.join(dir, "radicale.conf"), radicaleConf(dir, ports));

  const servers: Server[] = [await listen(verifyServer(), ports.gatehouse), await listen(echoServer(), ports.echo)];
  const children: ChildProcess[] = [
    spawn("caddy", ["run", "--config", path.join(dir, "Caddyfile"), "--adapter", "caddyfile"], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, HOME: path.join(dir, "caddy"), XDG_DATA_HOME: path.join(dir, "caddy"), XDG_CONFIG_HOME: path.join(dir, "caddy") },
    }),
    spawn(PYTHON, ["-m", "radicale", "--config", path.join(dir, "radicale.conf")], { stdio: ["ignore", "ignore", "pipe"] }),
  ];
  const logs = children.map(() => "");
  children.forEach((child, i) => child.stderr!.on("data", (d: Buffer) => (logs[i] += d.toString())));
  let nginx: Nginx | undefined;
  const stop = async () => {
    await nginx?.stop();
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    nginx = await startNginx(dir, nginxConf(dir, ports), [ports.nginx]);
    for (const port of [ports.caddy, ports.radicale]) await waitForPort(port, children, logs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ports, dir, stop };
}

function verifyServer(): Server {
  return createServer((req, res) => {
    const endpoint = verifyEndpoint(req.url);
    if (endpoint) return answerVerify(endpoint, req, res, true);
    res.writeHead(404).end();
  });
}

function listen(server: Server, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

async function waitForPort(port: number, children: ChildProcess[], logs: string[]): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const dead = children.findIndex((c) => c.exitCode !== null);
    if (dead >= 0) throw new Error(`a proxy or app exited at start: ${logs[dead]!.slice(0, 500)}`);
    if (await reachable(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listening on ${port}: ${logs.join(" | ").slice(0, 500)}`);
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/", method: "HEAD", timeout: 500 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/** A fresh loopback address to send from: each test is its own client for the throttle. */
export function loopbackClient(): string {
  const n = () => Math.floor(Math.random() * 250) + 2;
  return `127.${n()}.${n()}.${n()}`;
}

export type Reply = { status: number; headers: IncomingHttpHeaders; body: string };

/** A request through a proxy for `host` (like curl --resolve host:port:127.0.0.1). */
export function via(
  port: number,
  host: string,
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const target = {
      host: "127.0.0.1",
      port,
      path: pathname,
      method: options.method ?? "GET",
      localAddress: options.from,
      headers: { host: `${host}:${port}`, ...(options.headers ?? {}) },
    };
    const req = request(target, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** python3-caldav: create or read events at `url` with `login:password`. */
export function caldav(
  url: string,
  login: string,
  password: string,
  action: "create" | "read",
  from?: string,
): Promise<{ code: number | null; result: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [path.join(__dirname, "caldav-client.py"), url, login, password, action], {
      env: { ...process.env, GATEHOUSE_TEST_SOURCE_IP: from ?? "" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        resolve({ code, result: JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown> });
      } catch {
        reject(new Error(`caldav client: ${out} ${err}`.slice(0, 800)));
      }
    });
  });
}
