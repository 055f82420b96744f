/**
 * Scenario 7's crowd: `count` sign-ins sent at once, from a worker thread of
 * its own. The authenticated load is timed on the bench's main thread; were the
 * hundred sign-in clients on that thread too, building and reading their
 * requests would delay the timing of the requests it measures, and the delay
 * would be counted against the server.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { Target } from "./load";

export type SignInOutcome = { ms: number; status: number };

type Job = { url: string; headers: Record<string, string>; body: Uint8Array; count: number };

/** Sends the crowd from a worker; resolves with each sign-in's latency and status. */
export function crowd(login: Target, count: number): Promise<SignInOutcome[]> {
  const job: Job = { url: login.url, headers: login.headers ?? {}, body: new Uint8Array(login.body!), count };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once("message", (outcomes: SignInOutcome[]) => resolve(outcomes));
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`the sign-in crowd's worker exited with ${code}`)));
  });
}

async function send({ url, headers, body, count }: Job): Promise<SignInOutcome[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const t0 = performance.now();
      try {
        const res = await fetch(url, { method: "POST", headers, body: new Uint8Array(body), redirect: "manual" });
        await res.arrayBuffer();
        return { ms: performance.now() - t0, status: res.status };
      } catch {
        return { ms: performance.now() - t0, status: -1 };
      }
    }),
  );
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void send(workerData as Job).then((outcomes) => port.postMessage(outcomes));
}
