import "server-only";
import { db } from "@/lib/db";
import { log } from "@/lib/log";

/**
 * Whether this instance can reach its database, for GET /api/health (load
 * balancers ask it every few seconds, the bench uses it as its baseline): one
 * `SELECT 1`, given PROBE_TIMEOUT_MS, shared by every health request of the
 * next PROBE_TTL_MS — so a flood of health checks costs one query a second.
 */

const PROBE_TIMEOUT_MS = 2_000;
const PROBE_TTL_MS = 1_000;

let last: { at: number; reachable: Promise<boolean> } | undefined;
let wasReachable = true;

async function probe(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([db.$queryRawUnsafe("SELECT 1"), timeout]);
    if (!wasReachable) log.info("health: the database is reachable again");
    return (wasReachable = true);
  } catch (error) {
    if (wasReachable) log.error("health: the database is unreachable", { err: error });
    return (wasReachable = false);
  } finally {
    clearTimeout(timer);
  }
}

export function databaseReachable(now = Date.now()): Promise<boolean> {
  if (!last || now - last.at >= PROBE_TTL_MS) last = { at: now, reachable: probe() };
  return last.reachable;
}
