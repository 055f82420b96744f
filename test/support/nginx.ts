/**
 * Debian's nginx as a test's or the bench's own process: everything it writes
 * (pid, error log, temporary files) under one folder, started in the foreground
 * and stopped by PID. Each caller writes its own upstreams and servers.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** The folders under `dir` that nginx's temporary files go to (each `<name>_temp_path`). */
const TEMP_FOLDERS = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"] as const;

const ERROR_LOG = "nginx-error.log";

export function hasNginx(): boolean {
  return spawnSync("sh", ["-c", "command -v nginx"]).status === 0;
}

/** A main nginx.conf with its files under `dir`, around `http`: the upstreams and servers of the http block. */
export function nginxMainConf(dir: string, http: string): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/${ERROR_LOG} warn;
events { worker_connections 1024; }
http {
  access_log off;
${TEMP_FOLDERS.map((name) => `  ${name}_temp_path ${dir}/${name};`).join("\n")}
${http}
}
`;
}

export type Nginx = { process: ChildProcess; errorLog: string; stop(): Promise<void> };

/** Writes `conf` as `dir`/nginx.conf, starts nginx on it and waits (≤ 15 s) until every one of `ports` on 127.0.0.1 accepts connections. */
export async function startNginx(dir: string, conf: string, ports: number[]): Promise<Nginx> {
  for (const name of TEMP_FOLDERS) mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, "nginx.conf"), conf);
  const child = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let said = "";
  child.stderr!.on("data", (d: Buffer) => (said += d.toString()));
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  // Stopped by the caller; should the test or bench itself end first (Ctrl-C), nginx must not stay on the ports.
  const orphaned = () => child.kill("SIGTERM");
  process.once("exit", orphaned);
  const stop = async () => {
    process.off("exit", orphaned);
    if (ended()) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    for (const port of ports) {
      for (let i = 0; !(await accepts(port)); i++) {
        if (ended()) throw new Error(`nginx exited at start: ${said.slice(0, 500)}`);
        if (i >= 150) throw new Error(`nginx did not listen on ${port}: ${said.slice(0, 500)}`);
        await sleep(100);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: child, errorLog: path.join(dir, ERROR_LOG), stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
