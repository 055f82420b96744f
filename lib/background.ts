import "server-only";
import { after } from "next/server";

/**
 * Runs work after the response is sent (Next's `after`), or in the background
 * when there is no request (CLI, tests). Failures are logged, never thrown at the
 * caller: this is for bookkeeping such as last-activity writes.
 */
export function afterResponse(task: () => Promise<unknown>): void {
  const run = () => task().catch((error: unknown) => console.error("background task failed:", (error as Error).message));
  try {
    after(run);
  } catch {
    void run();
  }
}
