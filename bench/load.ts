/**
 * Load with autocannon (programmatic API): every response is recorded with its
 * completion time, so results can be merged across rounds and cut to a window
 * (the login burst). A run that got anything but the expected status, an error
 * or a timeout did not measure what it claims: it fails the scenario.
 */
import http from "node:http";
import autocannon from "autocannon";
import { agentFrom, loopback, sendFrom } from "./client";
import { quantile } from "./stats";

export type Target = {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: Buffer;
  /** The status every response must have (200; 303 for a sign-in). */
  expect: number;
};

export type Response = { at: number; ms: number };

export type Segment = {
  seconds: number;
  /** Server CPU seconds spent during the segment (main thread, whole process), when measured. */
  cpu?: { main: number; all: number };
  responses: Response[];
  /** Problems that make the segment invalid (unexpected statuses, errors, timeouts). */
  problems: string[];
};

/** Closed-loop load: `connections` each send the next request as soon as the last is answered. */
export function start(target: Target, connections: number, seconds: number) {
  const responses: Response[] = [];
  const statuses = new Map<number, number>();
  const instance = autocannon({
    url: target.url,
    method: target.method ?? "GET",
    headers: target.headers,
    body: target.body,
    connections,
    duration: seconds,
    timeout: 30,
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status === target.expect) responses.push({ at: performance.now(), ms });
  });
  const began = performance.now();
  const done = (async (): Promise<Segment> => {
    const result = await instance;
    const problems: string[] = [];
    for (const [status, count] of statuses) if (status !== target.expect) problems.push(`${count}× HTTP ${status} (expected ${target.expect})`);
    if (result.errors) problems.push(`${result.errors} connection errors`);
    if (result.timeouts) problems.push(`${result.timeouts} timeouts`);
    if (responses.length === 0) problems.push("no successful response");
    return { seconds: (performance.now() - began) / 1000, responses, problems };
  })();
  return { stop: () => instance.stop(), done, responses };
}

type CpuProbe = () => { main: number; all: number } | null;

/** A closed-loop run; with `cpu`, the server's CPU time over it is recorded too. */
export async function run(target: Target, connections: number, seconds: number, cpu?: CpuProbe): Promise<Segment> {
  const before = cpu?.();
  const segment = await start(target, connections, seconds).done;
  const after = cpu?.();
  if (before && after) segment.cpu = { main: after.main - before.main, all: after.all - before.all };
  return segment;
}

/**
 * A closed-loop run like run(), with each connection from its own loopback
 * address: for sign-ins, which the server's gate holds to a few places per
 * address (autocannon cannot bind its connections). Given several targets
 * (instances), connection i sends to target i mod their number.
 */
export async function runFrom(target: Target | Target[], connections: number, seconds: number, cpu?: CpuProbe): Promise<Segment> {
  const targets = Array.isArray(target) ? target : [target];
  const before = cpu?.();
  const began = performance.now();
  const responses: Response[] = [];
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: connections }, async (_, i) => {
      const agent = agentFrom(loopback(i + 1));
      const to = targets[i % targets.length]!;
      const body = to.body ? new Uint8Array(to.body) : undefined;
      while (performance.now() - began < seconds * 1000) {
        const r = await sendFrom("", to.url, { method: to.method, headers: to.headers, body, agent });
        if (r.status === to.expect) responses.push({ at: performance.now(), ms: r.ms });
        else statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
      agent.destroy();
    }),
  );
  const after = cpu?.();
  const problems = [...statuses].map(([status, count]) =>
    status < 0 ? `${count} connection errors` : `${count}× HTTP ${status} (expected ${targets[0]!.expect})`,
  );
  if (responses.length === 0) problems.push("no successful response");
  return {
    seconds: (performance.now() - began) / 1000,
    responses,
    problems,
    ...(before && after ? { cpu: { main: after.main - before.main, all: after.all - before.all } } : {}),
  };
}

export type Summary = {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU milliseconds per successful request: main thread, whole process. */
  cpuMs?: { main: number; all: number };
  problems: string[];
};

export function summarize(segments: Segment[]): Summary {
  const ms = segments.flatMap((s) => s.responses.map((r) => r.ms));
  const seconds = segments.reduce((sum, s) => sum + s.seconds, 0);
  const measured = segments.every((s) => s.cpu);
  const cpu = (k: "main" | "all") => (1000 * segments.reduce((sum, s) => sum + (s.cpu?.[k] ?? 0), 0)) / Math.max(1, ms.length);
  return {
    requests: ms.length,
    seconds,
    rps: ms.length / seconds,
    p50: quantile(ms, 0.5),
    p99: quantile(ms, 0.99),
    ...(measured ? { cpuMs: { main: cpu("main"), all: cpu("all") } } : {}),
    problems: [...new Set(segments.flatMap((s) => s.problems))],
  };
}

/**
 * Open-loop load at a steady `rate` (requests per second, evenly spaced, each
 * on its own schedule whatever the earlier ones do), for measuring latency of a
 * server that is busy but not saturated. autocannon's own rate limit sends each
 * second's quota back to back, which is a burst of its own.
 *
 * As wrk2 does, the connections are opened before the clock starts: a fixed pool
 * of STEADY_CONNECTIONS, all warmed by one request each. A pool grown on demand
 * opened new connections exactly when the server was briefly busy, and those
 * requests were the slow ones (30–85 ms from send to the server's request event,
 * ~1 ms in the server): the load generator's own connection set-up, counted
 * against the server. A request due while every connection is busy waits for
 * one, and its latency still counts from when it was due.
 */
const STEADY_CONNECTIONS = 64;

export async function steady(target: Target, rate: number, seconds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: STEADY_CONNECTIONS, maxFreeSockets: STEADY_CONNECTIONS });
  const url = new URL(target.url);
  /** One request on the pool; `finish` gets its status, or -1 when the connection failed. */
  const send = (finish: (status: number) => void) => {
    const req = http.request(url, { agent, method: target.method ?? "GET", headers: target.headers }, (res) => {
      res.resume();
      res.on("end", () => finish(res.statusCode ?? 0));
      res.on("error", () => finish(-1));
    });
    req.on("error", () => finish(-1));
    req.end(target.body);
  };
  const warmed = await Promise.all(Array.from({ length: STEADY_CONNECTIONS }, () => new Promise<number>(send)));
  if (warmed.some((status) => status <= 0)) throw new Error("opening the steady load's connections failed");
  const responses: Response[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  let inFlight = 0;
  let stopped = false;
  let settle: () => void = () => {};
  const began = performance.now();
  const fire = () => {
    inFlight++;
    const sent = performance.now();
    send((status) => {
      if (status === target.expect) responses.push({ at: performance.now(), ms: performance.now() - sent });
      else if (status > 0) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      else errors++;
      if (--inFlight === 0 && stopped) settle();
    });
  };
  const interval = 1000 / rate;
  let next = began;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = performance.now();
    if (stopped || now - began >= seconds * 1000) return stop();
    while (next <= now) {
      fire();
      next += interval;
    }
    timer = setTimeout(tick, Math.max(0, next - performance.now()));
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    if (inFlight === 0) settle();
  };
  const done = new Promise<void>((resolve) => (settle = resolve)).then((): Segment => {
    agent.destroy();
    const problems: string[] = [];
    for (const [status, count] of statuses) problems.push(`${count}× HTTP ${status} (expected ${target.expect})`);
    if (errors) problems.push(`${errors} connection errors`);
    if (responses.length === 0) problems.push("no successful response");
    return { seconds: (performance.now() - began) / 1000, responses, problems };
  });
  tick();
  return { stop, done, responses };
}
