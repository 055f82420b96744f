/**
 * Scenario 9: a sign-in queue flood. From one address (ATTACKER), `abandoned`
 * sign-ins whose clients hang up and `pipelined` sign-ins written back to back
 * on a few connections; meanwhile a real user signs in, one sign-in after
 * another, from another address (USER). Reports the user's latency and what
 * the flood was answered. Distinct addresses are loopback addresses the
 * sockets are bound to (never X-Forwarded-For).
 */
import { connect, type Socket } from "node:net";
import { rawRequest, sendFrom } from "./client";
import type { Target } from "./load";
import { quantile, sleep } from "./stats";

const ATTACKER = "127.0.0.2";
const USER = "127.0.0.3";
/** Connections the pipelined sign-ins are spread over. */
const PIPELINES = 10;

export type FloodResult = {
  userP50: number;
  userP99: number;
  userSignIns: number;
  userFailed: number;
  /** Each of the user's sign-ins, in order (ms). */
  userLatencies: number[];
  /** How the flood was answered, by HTTP status. */
  floodAnswers: Record<string, number>;
  seconds: number;
  problems: string[];
};

export async function floodTrial(options: { user: Target; attack: Target; abandoned: number; pipelined: number; userSignIns: number }): Promise<FloodResult> {
  const { user, attack } = options;
  const url = new URL(attack.url);
  const request = rawRequest(attack.url, { method: "POST", headers: attack.headers, body: attack.body });
  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port), localAddress: ATTACKER });
      socket.once("connect", () => resolve(socket));
      socket.once("error", reject);
    });
  const began = performance.now();

  // Sign-ins sent and given up on: each client hangs up before its answer.
  const quitters = await Promise.all(Array.from({ length: options.abandoned }, open));
  for (const socket of quitters) socket.write(request);
  await sleep(100);
  for (const socket of quitters) socket.destroy();

  // Thousands of sign-ins pipelined on a few connections, all written at once.
  const answers = new Map<string, number>();
  const pipes = await Promise.all(Array.from({ length: PIPELINES }, open));
  const perPipe = Math.ceil(options.pipelined / PIPELINES);
  for (const socket of pipes) {
    socket.on("error", () => {});
    let tail = "";
    socket.on("data", (chunk: Buffer) => {
      const text = tail + chunk.toString("latin1");
      for (const m of text.matchAll(/HTTP\/1\.1 (\d{3}) /g)) answers.set(m[1]!, (answers.get(m[1]!) ?? 0) + 1);
      tail = text.slice(-16);
      // A status line cut between two chunks is counted with the next one, never twice.
      if (/HTTP\/1\.1 \d{3} /.test(tail)) tail = "";
    });
    socket.write(Buffer.concat(Array.from({ length: perPipe }, () => request)));
  }

  // The real user, from elsewhere, meanwhile.
  const latencies: number[] = [];
  let failed = 0;
  for (let i = 0; i < options.userSignIns; i++) {
    const r = await sendFrom(USER, user.url, { method: "POST", headers: user.headers, body: user.body ? new Uint8Array(user.body) : undefined });
    if (r.status === user.expect) latencies.push(r.ms);
    else failed++;
  }
  // A refused sign-in closes its connection: what was pipelined behind it is never read.
  const answered = () => [...answers.values()].reduce((a, b) => a + b, 0);
  const open_ = () => pipes.filter((socket) => !socket.destroyed && socket.readyState === "open").length;
  for (let waited = 0; answered() < perPipe * PIPELINES && open_() > 0 && waited < 30_000; waited += 100) await sleep(100);
  const stillOpen = open_();
  for (const socket of pipes) socket.destroy();

  const problems: string[] = [];
  if (failed) problems.push(`${failed} of the user's ${options.userSignIns} sign-ins failed`);
  if (stillOpen) problems.push(`${stillOpen} pipelined connections neither answered nor closed after 30 s`);
  const cut = perPipe * PIPELINES - answered();
  return {
    userP50: quantile(latencies, 0.5),
    userP99: quantile(latencies, 0.99),
    userSignIns: latencies.length,
    userFailed: failed,
    userLatencies: latencies.map((ms) => Math.round(ms)),
    floodAnswers: { ...Object.fromEntries([...answers].sort()), ...(cut ? { "cut off unread": cut } : {}) },
    seconds: (performance.now() - began) / 1000,
    problems,
  };
}
