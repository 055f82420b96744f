/**
 * Scenario 10: slowloris. `connections` clients each start a sign-in and then
 * send it a byte at a time — half of them still in their headers (a header line
 * every TRICKLE_MS), half in their body (a byte every TRICKLE_MS) — while
 * /api/health is timed. Reports the server's event-loop use over the window
 * (its own performance.eventLoopUtilization(), see Server.eventLoop) and the
 * health check's latency. The event-loop target is judged on a window with the
 * slow clients and no probe: the probe's own health checks cost the server
 * about as much as 3,000 slow clients, and would be counted as theirs.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { agentFrom, sendFrom } from "./client";
import { utilization, type Server } from "./server";
import { quantile, sleep } from "./stats";

const SLOW = "127.0.0.4";
const PROBE = "127.0.0.5";
/** How often each slow client sends its next few bytes (slowloris tools: every 10–15 s; the server cuts headers at 10 s). */
const TRICKLE_MS = 5_000;
const PROBE_EVERY_MS = 50;

export type SlowlorisResult = {
  connections: number;
  openAtEnd: number;
  eventLoopUtilization: number;
  /** The same window and probe before the slow clients came: what the probe costs by itself. */
  eventLoopUtilizationBefore: number;
  /** A window with the slow clients only (no probe): what they cost the server by themselves. */
  eventLoopUtilizationSlowOnly: number;
  health: { requests: number; p50: number; p99: number };
  problems: string[];
};

/** Raises this process's open-file limit (servers started later inherit it) when it is below `needed`. */
export function raiseFileLimit(needed: number): void {
  const line = /^Max open files\s+(\d+)\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
  if (!line || Number(line[1]) >= needed) return;
  const hard = line[2] === "unlimited" ? needed : Number(line[2]);
  spawnSync("prlimit", ["--pid", String(process.pid), `--nofile=${Math.min(hard, Math.max(needed, Number(line[1])))}:${line[2]}`]);
}

/** Times /api/health every PROBE_EVERY_MS for `seconds`; the server's event-loop use over the window. */
async function probe(server: Server, seconds: number) {
  const agent = agentFrom(PROBE);
  const latencies: number[] = [];
  let failed = 0;
  const from = await server.eventLoop();
  const began = performance.now();
  while (performance.now() - began < seconds * 1000) {
    const r = await sendFrom(PROBE, `${server.url}/api/health`, { agent });
    if (r.status === 200) latencies.push(r.ms);
    else failed++;
    await sleep(PROBE_EVERY_MS);
  }
  const to = await server.eventLoop();
  agent.destroy();
  return { latencies, failed, utilization: utilization(from, to) };
}

/** The server's event-loop use over `seconds` while nothing but what is already open talks to it. */
async function quietWindow(server: Server, seconds: number): Promise<number> {
  const from = await server.eventLoop();
  await sleep(seconds * 1000);
  return utilization(from, await server.eventLoop());
}

export async function slowlorisTrial(options: { server: Server; connections: number; seconds: number }): Promise<SlowlorisResult> {
  const url = new URL(options.server.url);
  await probe(options.server, 1); // warm-up: a server just started is still loading code
  const before = await probe(options.server, options.seconds);
  const open = () =>
    new Promise<Socket | null>((resolve) => {
      const socket = connect({ host: url.hostname, port: Number(url.port), localAddress: SLOW });
      socket.once("connect", () => resolve(socket));
      socket.once("error", () => resolve(null));
    });
  const sockets: Socket[] = [];
  const head = `POST /login HTTP/1.1\r\nHost: ${url.host}\r\ncontent-type: application/x-www-form-urlencoded\r\n`;
  for (let i = 0; i < options.connections; i += 200) {
    const batch = (await Promise.all(Array.from({ length: Math.min(200, options.connections - i) }, open))).filter((s): s is Socket => s !== null);
    for (const socket of batch) {
      socket.on("error", () => {});
      const inBody = sockets.length % 2 === 1;
      socket.write(inBody ? `${head}content-length: 1000\r\n\r\nl` : head);
      sockets.push(socket);
    }
  }
  let open_ = sockets.length;
  for (const socket of sockets) socket.once("close", () => open_--);
  // One timer for them all: each tick, the next slice of clients sends a little more.
  let next = 0;
  const slice = Math.max(1, Math.ceil(sockets.length / (TRICKLE_MS / 100)));
  const trickle = setInterval(() => {
    for (let k = 0; k < slice; k++, next = (next + 1) % sockets.length) {
      const socket = sockets[next]!;
      if (!socket.destroyed) socket.write(next % 2 === 1 ? "o" : "x-slow: 1\r\n");
    }
  }, 100);
  await sleep(500);

  // First the slow clients alone, before their 10 s deadlines start cutting them: their own cost.
  const slowOnly = await quietWindow(options.server, Math.min(options.seconds, 3));
  const during = await probe(options.server, options.seconds);
  const openAtEnd = open_;
  clearInterval(trickle);
  for (const socket of sockets) socket.destroy();

  const problems: string[] = [];
  if (sockets.length < options.connections) problems.push(`only ${sockets.length} of ${options.connections} slow connections opened`);
  // Connections the server closed meanwhile (its 10 s header and body deadlines, when opening
  // them all took long) are reported in the row, not counted as a failure.
  if (during.failed + before.failed) problems.push(`${during.failed + before.failed} health checks failed`);
  return {
    connections: sockets.length,
    openAtEnd,
    eventLoopUtilization: during.utilization,
    eventLoopUtilizationBefore: before.utilization,
    eventLoopUtilizationSlowOnly: slowOnly,
    health: { requests: during.latencies.length, p50: quantile(during.latencies, 0.5), p99: quantile(during.latencies, 0.99) },
    problems,
  };
}
