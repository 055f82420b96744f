/**
 * The forward-auth browser stack, as the spec's own processes on loopback: a
 * Gatehouse server (seeded with a TOTP user and two apps), the echo page and
 * nginx with auth_request in front of it — over http, or over https with a
 * certificate for *.gatehouse.test made here (nginx then also serves Gatehouse
 * as auth.gatehouse.test, as in production).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { nginxConf, type Ports, type Tls } from "../../test/forward-auth/proxies/configs";
import { echoServer } from "../../test/forward-auth/proxies/echo";
import { LOGS_DIR, recordSecret } from "../support/secrets";
import { ROOT } from "../support/servers";

export type SeededUser = { login: string; password: string; displayName: string; secret: string };

export type Stack = { auth: string; echo: string; wiki: string; user: SeededUser; stop(): Promise<void> };

export const hasNginx = spawnSync("sh", ["-c", "command -v nginx"]).status === 0;

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function certificate(dir: string): Tls {
  const tls = { cert: path.join(dir, "cert.pem"), key: path.join(dir, "key.pem") };
  const subject = ["-subj", "/CN=gatehouse.test", "-addext", "subjectAltName=DNS:*.gatehouse.test"];
  const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", ...subject, "-keyout", tls.key, "-out", tls.cert], {
    encoding: "utf8",
  });
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return tls;
}

export async function startStack(name: string, base: number, scheme: "http" | "https"): Promise<Stack> {
  const ports: Ports = { gatehouse: base, nginx: base + 1, echo: base + 2, radicale: base + 3, caddy: base + 4 };
  const dir = path.join(ROOT, "test-results", `e2e-forward-auth-${name}`);
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ["data", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, sub), { recursive: true });
  // Over https Gatehouse itself is behind nginx too; over http browsers reach it directly.
  const auth = scheme === "https" ? `https://auth.gatehouse.test:${ports.nginx}` : `http://auth.gatehouse.test:${ports.gatehouse}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GATEHOUSE_DATA_DIR: path.join(dir, "data"),
    DATABASE_URL: "",
    PORT: String(ports.gatehouse),
    HOSTNAME: "127.0.0.1",
    NODE_ENV: "production",
    PUBLIC_URL: auth,
    COOKIE_DOMAIN: "gatehouse.test",
    TRUST_PROXY: "true",
    LOG_LEVEL: "debug",
    LOG_FORMAT: "json",
  };
  const seeded = spawnSync(process.execPath, ["--no-warnings", "--import", "./bin/register.mjs", "e2e/forward-auth/seed.ts", String(ports.nginx), scheme], {
    cwd: ROOT,
    env,
    encoding: "utf8",
  });
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const user = JSON.parse(seeded.stdout.trim().split("\n").at(-1)!) as SeededUser;
  recordSecret("login password", user.password);
  recordSecret("TOTP secret", user.secret);
  const tls = scheme === "https" ? certificate(dir) : undefined;
  // Its log joins the e2e servers' for the log check (e2e/support/check-log.ts).
  mkdirSync(LOGS_DIR, { recursive: true });
  const log = openSync(path.join(LOGS_DIR, `forward-auth-${name}.log`), "w");
  const processes: ChildProcess[] = [
    spawn(process.execPath, ["--no-warnings", "--import", "./bin/register.mjs", "scripts/serve.ts"], { cwd: ROOT, env, stdio: ["ignore", log, log] }),
  ];
  closeSync(log); // the server has its own copy
  const echo: Server = echoServer().listen(ports.echo, "127.0.0.1");
  writeFileSync(path.join(dir, "nginx.conf"), nginxConf(dir, ports, tls));
  processes.push(spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: "ignore" }));
  await waitFor(`http://127.0.0.1:${ports.gatehouse}/api/health`);
  return {
    auth,
    echo: `${scheme}://echo.gatehouse.test:${ports.nginx}`,
    wiki: `${scheme}://wiki.gatehouse.test:${ports.nginx}`,
    user,
    stop: async () => {
      for (const child of processes) if (child.exitCode === null) child.kill("SIGTERM");
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    },
  };
}
