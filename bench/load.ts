/**
 * Load with autocannon (programmatic API): every response is recorded with its
 * completion time, so results can be merged across rounds and cut to a window
 * (the login burst). A run that got anything but the expected status, an error
 * or a timeout did not measure what it claims: it fails the scenario.
 */
import autocannon from "autocannon";
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
  responses: Response[];
  /** Problems that make the segment invalid (unexpected statuses, errors, timeouts). */
  problems: string[];
};

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

export function run(target: Target, connections: number, seconds: number): Promise<Segment> {
  return start(target, connections, seconds).done;
}

export type Summary = { requests: number; seconds: number; rps: number; p50: number; p99: number; problems: string[] };

export function summarize(segments: Segment[]): Summary {
  const ms = segments.flatMap((s) => s.responses.map((r) => r.ms));
  const seconds = segments.reduce((sum, s) => sum + s.seconds, 0);
  return {
    requests: ms.length,
    seconds,
    rps: ms.length / seconds,
    p50: quantile(ms, 0.5),
    p99: quantile(ms, 0.99),
    problems: [...new Set(segments.flatMap((s) => s.problems))],
  };
}
