import "server-only";
import { log } from "@/lib/log";
import { after } from "next/server";

/**
 * Runs work after the response is sent (Next's `after`), or in the background
 * when there is no request (CLI, tests). Failures are logged, never thrown at the
 * caller: this is for bookkeeping such as last-activity writes and e-mails.
 */
const detached = new Set<Promise<unknown>>();

export function afterResponse(task: () => Promise<unknown>): void {
  const run = () => task().catch((error: unknown) => log.error("background task failed", { err: error }));
  try {
    after(run);
  } catch {
    const running = run();
    detached.add(running);
    void running.finally(() => detached.delete(running));
  }
}

const lastRun = new Map<string, number>();

/**
 * Housekeeping that may run at most once per `intervalMs` per instance (e.g. purging
 * dead rows), after the response. Cheap to call on a hot path: a map lookup.
 */
export function nowAndThen(name: string, intervalMs: number, task: () => Promise<unknown>): void {
  const now = Date.now();
  if (now - (lastRun.get(name) ?? 0) < intervalMs) return;
  lastRun.set(name, now);
  afterResponse(task);
}

/** Waits for background work started outside a request (the CLI before it exits, tests). */
export async function backgroundSettled(): Promise<void> {
  while (detached.size > 0) await Promise.allSettled([...detached]);
}
