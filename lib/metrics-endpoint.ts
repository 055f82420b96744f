import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { constantTimeEqual } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { metricsText, setStoredCounts } from "@/lib/metrics";

/**
 * GET /metrics on the bare Node server (scripts/serve.ts), ahead of Next: off
 * (404, as if there were no such page) unless METRICS_TOKEN is set, then only
 * with `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time).
 * The session and app-password gauges are counted in the database on a scrape,
 * at most once per COUNTS_TTL_MS per instance.
 */

const COUNTS_TTL_MS = 15_000;
let counted: { at: number; done: Promise<void> } | undefined;

function refreshCounts(): Promise<void> {
  if (counted && Date.now() - counted.at < COUNTS_TTL_MS) return counted.done;
  // Live ones only: an expired session or app password is refused, and stays in the table until it is cleaned up.
  const live = { OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] };
  const done = Promise.all([
    db.authToken.count({ where: { type: "session", ...live } }),
    db.authToken.count({ where: { type: "app_password", ...live } }),
  ]).then(([sessions, appPasswords]) => setStoredCounts({ sessions, appPasswords }));
  counted = { at: Date.now(), done };
  done.catch(() => (counted = undefined));
  return done;
}

export const isMetricsRequest = (target: string | undefined) => (target ?? "").split("?", 1)[0] === "/metrics";

export function answerMetrics(req: IncomingMessage, res: ServerResponse): void {
  const token = env().metricsToken;
  const send = (status: number, headers: Record<string, string>, body: string) => {
    res.writeHead(status, { "Cache-Control": "no-store", ...headers });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  if (!token) return send(404, { "Content-Type": "application/json" }, JSON.stringify({ error: "not_found", message: "Not found." }));
  if (req.method !== "GET" && req.method !== "HEAD") return send(405, { Allow: "GET, HEAD" }, "");
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
  if (!constantTimeEqual(given, token)) {
    return send(
      401,
      { "Content-Type": "application/json", "WWW-Authenticate": 'Bearer realm="metrics"' },
      JSON.stringify({ error: "invalid_credentials", message: "Bearer token required." }),
    );
  }
  refreshCounts()
    .catch((error: unknown) => log.warn("metrics: the database counts could not be read", { err: error }))
    .then(metricsText)
    .then(
      ({ contentType, body }) => send(200, { "Content-Type": contentType }, body),
      (error: unknown) => {
        log.error("metrics: exposition failed", { err: error });
        send(503, { "Content-Type": "application/json" }, JSON.stringify({ error: "unavailable", message: "Try again in a moment." }));
      },
    );
}
