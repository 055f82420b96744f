/**
 * Production servers for the bench: `scripts/serve.ts` (what `npm start` runs)
 * on loopback, one child process each, with their output kept for errors.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { sleep } from "./stats";

export type Server = {
  name: string;
  url: string;
  pid: number;
  /** Resident memory of the server process and its descendants, in bytes (null once gone). */
  rss(): number | null;
  /** CPU seconds used so far: by the main (event-loop) thread, and by the whole process (thread pool included). */
  cpu(): CpuTimes | null;
  output(): string;
  /** Errors the server logged (Next's `⨯` lines, failed background work), at most 20. */
  errors(): string[];
  /** The server's own event-loop time since it started (performance.eventLoopUtilization(), asked for with SIGUSR2). */
  eventLoop(): Promise<EventLoopTime>;
  stop(): Promise<void>;
  /** The exit code once the process has ended (null when killed by a signal). */
  exited: Promise<number | null>;
};

export type EventLoopTime = { idle: number; active: number };

/** scripts/serve.ts's answer to SIGUSR2: a log line (lib/log.ts, JSON) `{"msg":"event loop","idle":…,"active":…}`. */
function eventLoopLine(line: string): EventLoopTime | null {
  if (!line.includes('"event loop"')) return null;
  try {
    const entry = JSON.parse(line) as { msg?: string; idle?: number; active?: number };
    return entry.msg === "event loop" && typeof entry.idle === "number" && typeof entry.active === "number" ? { idle: entry.idle, active: entry.active } : null;
  } catch {
    return null;
  }
}

/** The share of `from`…`to` the event loop was busy (what performance.eventLoopUtilization(a, b) computes). */
export const utilization = (from: EventLoopTime, to: EventLoopTime) =>
  (to.active - from.active) / Math.max(1e-9, to.active - from.active + to.idle - from.idle);

/** How an error shows in the server's output: Next's marker, or a log line at level error (50) or above. */
const ERROR_LINE = /^\s*⨯ |^\{"level":(5|6)0,/;

export async function startServer(options: {
  name: string;
  root: string;
  port: number;
  env: Record<string, string>;
  nodeArgs?: string[];
  /** Every byte the server writes to stdout and stderr, appended here as well. */
  logFile?: string;
}): Promise<Server> {
  const { name, root, port } = options;
  const url = `http://127.0.0.1:${port}`;
  await ensurePortFree(url);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...npmStartArgs(root)], {
    cwd: root,
    env: {
      ...process.env,
      ...options.env,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      NODE_ENV: "production",
      LOG_FORMAT: options.env.LOG_FORMAT ?? "json",
      LOG_LEVEL: options.env.LOG_LEVEL ?? "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.once("exit", () => live.delete(child));
  let log = "";
  const errors: string[] = [];
  const loopWaiters: ((time: EventLoopTime) => void)[] = [];
  const keep = (chunk: Buffer) => {
    if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, chunk);
    if (options.logFile) appendFileSync(options.logFile, chunk);
    const text = chunk.toString("utf8");
    for (const line of text.split("\n")) {
      if (ERROR_LINE.test(line) && errors.length < 20) errors.push(line.trim().slice(0, 200));
      const loop = eventLoopLine(line);
      if (loop) loopWaiters.shift()?.(loop);
    }
    log = (log + text).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const server: Server = {
    name,
    url,
    pid: child.pid!,
    rss: () => treeRss(child.pid!),
    cpu: () => cpuTimes(child.pid!),
    output: () => log,
    errors: () => [...errors],
    eventLoop: () =>
      new Promise<EventLoopTime>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server ${name} did not report its event loop`)), 5000);
        loopWaiters.push((time) => (clearTimeout(timer), resolve(time)));
        child.kill("SIGUSR2");
      }),
    stop: () => stopChild(child),
    exited,
  };
  try {
    await waitHealthy(url, child, 120_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- ${name} server output ---\n${log}`);
  }
  return server;
}

/** The Node arguments of `npm start` (package.json), so the bench runs the server exactly as it is deployed. */
export function npmStartArgs(root: string): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = start.trim().split(/\s+/);
  if (command !== "node" || args.some((a) => /["'$`]/.test(a))) throw new Error(`package.json's start script is not a plain \`node …\` command: ${start}`);
  return args;
}

/** Servers still running: killed if the bench itself dies before stopping them. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

async function ensurePortFree(url: string): Promise<void> {
  const answered = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  if (answered) throw new Error(`Something already listens on ${url}: stop it or pass --port.`);
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server on ${url} exited with code ${child.exitCode}.`);
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`The server on ${url} did not answer /api/health within ${timeoutMs / 1000} s.`);
}

/** SIGTERM (the server closes and exits; a CPU profile, if any, is written), SIGKILL after 10 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export type CpuTimes = { main: number; all: number };

/** utime + stime from /proc (clock ticks of 10 ms), for the main thread and the whole process. */
export function cpuTimes(pid: number): CpuTimes | null {
  const seconds = (stat: string) => {
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  try {
    return { main: seconds(readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8")), all: seconds(readFileSync(`/proc/${pid}/stat`, "utf8")) };
  } catch {
    return null;
  }
}

function vmRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return kb ? Number(kb[1]) * 1024 : 0;
}

export function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      pids.push(...readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number));
    } catch {
      // the thread ended meanwhile
    }
  }
  return pids;
}

/** VmRSS of `pid` plus its descendants (Linux /proc); null when the process is gone or /proc is missing. */
export function treeRss(pid: number): number | null {
  try {
    return vmRssBytes(pid) + childPids(pid).reduce((sum, child) => sum + (treeRss(child) ?? 0), 0);
  } catch {
    return null;
  }
}

/** Samples `read()` every `everyMs` while running; `peak(from, to)` is the largest sample in a window. */
export function sampler(read: () => number | null, everyMs = 20) {
  const samples: { at: number; value: number }[] = [];
  const take = () => {
    const value = read();
    if (value !== null) samples.push({ at: performance.now(), value });
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => clearInterval(timer),
    peak(from: number, to: number): number | null {
      const inside = samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.value);
      return inside.length ? Math.max(...inside) : null;
    },
    count: (from: number, to: number) => samples.filter((s) => s.at >= from && s.at <= to).length,
  };
}
