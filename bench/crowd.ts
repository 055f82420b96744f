/**
 * Scenario 7's crowd: `count` sign-ins sent at once, from a worker thread of
 * its own. The authenticated load is timed on the bench's main thread; were the
 * hundred sign-in clients on that thread too, building and reading their
 * requests would delay the timing of the requests it measures, and the delay
 * would be counted against the server.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { loopback, sendFrom } from "./client";
import type { Target } from "./load";

export type SignInOutcome = { ms: number; status: number };

type Job = { url: string; headers: Record<string, string>; body: Uint8Array; count: number };

/**
 * Starts the crowd's worker and waits until it is ready (its start-up — a V8
 * isolate, compiling this module — would otherwise land on the burst itself);
 * `go()` sends the sign-ins and resolves with each one's latency and status.
 */
export async function readyCrowd(login: Target, count: number): Promise<{ go(): Promise<SignInOutcome[]> }> {
  const job: Job = { url: login.url, headers: login.headers ?? {}, body: new Uint8Array(login.body!), count };
  const worker = new Worker(new URL(import.meta.url), { workerData: job });
  const failed = new Promise<never>((_, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the sign-in crowd's worker exited with ${code}`)));
  });
  await Promise.race([new Promise((resolve) => worker.once("message", resolve)), failed]);
  return {
    go: () => {
      const outcomes = new Promise<SignInOutcome[]>((resolve) => worker.once("message", resolve));
      worker.postMessage("go");
      return Promise.race([outcomes, failed]).finally(() => void worker.terminate());
    },
  };
}

/** Each sign-in from an address of its own, as a crowd's are (the gate holds one address to a few places). */
function send({ url, headers, body, count }: Job): Promise<SignInOutcome[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => sendFrom(loopback(1000 + i), url, { method: "POST", headers, body })));
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const job = workerData as Job;
  port.once("message", () => void send(job).then((outcomes) => port.postMessage(outcomes)));
  port.postMessage("ready");
}
