/**
 * `npm start` / `npm run dev`: prepares the instance and serves it.
 *  1. validates the configuration (one-line reason and exit 1 when wrong);
 *  2. creates the data folder and the instance secret (0600) if missing;
 *  3. applies pending database migrations;
 *  4. (production) builds the app when there is no build or the sources are newer;
 *  5. serves Next behind a thin HTTP layer that records the real client address,
 *     refuses oversized or unmeasured bodies and unknown methods before Next
 *     reads them (lib/net/request-guard.ts), adds HSTS under https, and lets
 *     password sign-ins through one at a time, in a bounded line fair between
 *     addresses (lib/net/sign-in-gate.ts), with Node's header, request and
 *     keep-alive time-outs (lib/net/server-timeouts.ts).
 *  6. answers the forward-auth verify endpoints itself, before Next (lib/forward-auth/http.ts),
 *     and GET /metrics when METRICS_TOKEN is set (lib/metrics-endpoint.ts);
 *  7. gives every request an id (X-Request-Id: the proxy's, or a new one) that its
 *     log lines carry (lib/log.ts), and times sign-ins, verify and API requests;
 *  8. on SIGTERM/SIGINT stops taking connections, lets the requests in flight
 *     finish (at most STOP_GRACE_MS), then exits 0 (1 when some had to be cut).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import next from "next";
import { instanceSecret } from "@/lib/crypto/keys";
import { migrate } from "@/lib/db/migrate";
import { ConfigError, env } from "@/lib/env";
import { log, logs, requestIdFrom, withRequestId } from "@/lib/log";
import { observeLatency, type LatencyRoute } from "@/lib/metrics";
import { ERRORS, type ErrorCode } from "@/lib/errors";
import { MAX_BODY_BYTES } from "@/lib/net/limits";
import { CLIENT_IP_HEADER } from "@/lib/auth/request-meta";
import { addressBucket, clientAddress } from "@/lib/net/client-address";
import { strictTransportSecurity } from "@/lib/security/headers";
import { earlyRefusal } from "@/lib/net/request-guard";
import { isPasswordSignIn, SignInGate } from "@/lib/net/sign-in-gate";
import { serverTimeouts } from "@/lib/net/server-timeouts";
import { buildIfStale } from "./build-if-stale";

const dev = process.argv.includes("--dev");
const root = process.cwd();

const LINGER_MS = 5_000;
const STOP_GRACE_MS = 10_000;
const LINGER_BYTES = 4 * MAX_BODY_BYTES;

/**
 * Answers a request refused on its headers alone, then reads and drops what the
 * client is still sending — a lingering close, as nginx does: hanging up on a
 * client in mid-send makes TCP reset the connection, and the reset can overtake
 * the answer. Past LINGER_MS or LINGER_BYTES the connection is cut all the same.
 */
function refuse(req: IncomingMessage, res: ServerResponse, code: ErrorCode): void {
  res.writeHead(ERRORS[code].status, {
    "content-type": "application/json",
    ...(code === "method_not_allowed" ? { allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" } : {}),
  });
  res.end(JSON.stringify({ error: code, message: ERRORS[code].message }));
  let received = 0;
  const cut = setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  req.on("data", (chunk: Buffer) => {
    if ((received += chunk.length) > LINGER_BYTES) req.socket.destroy();
  });
  req.on("end", () => clearTimeout(cut));
  req.on("close", () => clearTimeout(cut));
}

async function main(): Promise<void> {
  const config = env();
  instanceSecret();
  const { applied } = await migrate(config.databaseUrl);
  if (applied.length) log.info(`Applied ${applied.length} database migration(s)`, { migrations: applied });
  if (!dev) buildIfStale(root);

  const app = next({ dev, dir: root, hostname: config.hostname ?? "localhost", port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Loaded once Next is prepared: lib/ reaches next/server, which needs Next's AsyncLocalStorage set up first.
  const { answerVerify, verifyEndpoint } = await import("@/lib/forward-auth/http");
  const { answerMetrics, isMetricsRequest } = await import("@/lib/metrics-endpoint");
  const hsts = strictTransportSecurity(config.publicUrl);
  const signIns = new SignInGate();

  let stopping = false;
  /** Answers not yet sent: told to close their connection when a stop begins. */
  const inFlight = new Set<ServerResponse>();
  const server = createServer(serverTimeouts(), (req, res) => {
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    if (stopping) res.shouldKeepAlive = false;
    inFlight.add(res);
    res.once("close", () => inFlight.delete(res));
    withRequestId(requestId, () => serve(req, res, requestId));
  });
  const serve = (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    timed(req, res);
    // Forward auth (nginx auth_request, Traefik/Caddy forward_auth): answered here, never by Next.
    const verify = verifyEndpoint(req.url);
    if (verify) return answerVerify(verify, req, res, config.trustProxy);
    if (isMetricsRequest(req.url)) return answerMetrics(req, res);
    const refused = earlyRefusal(req.method, req.headers);
    if (refused) return refuse(req, res, refused);
    const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.trustProxy);
    req.headers[CLIENT_IP_HEADER] = address;
    if (hsts) res.setHeader("Strict-Transport-Security", hsts);
    if (isPasswordSignIn(req.method, req.url))
      // Let in later from another request's callback: back in this request's context.
      return signIns.admit(req, res, () => withRequestId(requestId, () => handle(req, res)), addressBucket(address));
    void handle(req, res);
  };
  server.listen(config.port, config.hostname, () => {
    const shown = config.hostname && config.hostname !== "0.0.0.0" ? config.hostname : "localhost";
    log.info(`Gatehouse ${dev ? "(development) " : ""}ready on http://${shown}:${config.port}`, { database: config.databaseKind, dataDir: config.dataDir });
  });
  // `kill -USR2 <pid>` logs how busy the event loop has been since start (bench/run.ts reads it).
  process.on("SIGUSR2", () => {
    const { idle, active } = performance.eventLoopUtilization();
    log.info("event loop", { idle: Number(idle.toFixed(1)), active: Number(active.toFixed(1)) });
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping: no new connections, finishing the requests in flight", { signal });
    // close() refuses new connections and closes idle keep-alive ones; a busy one answers, then closes.
    for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    server.close(() => {
      log.info("stopped");
      process.exit(0);
    });
    // Keep-alive connections whose answer was already on its way when the stop began go once idle.
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => {
      log.warn(`stopping: requests still running after ${STOP_GRACE_MS / 1000} s were cut`);
      server.closeAllConnections();
      process.exit(1);
    }, STOP_GRACE_MS).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** Which latency histogram a request belongs to, if any. */
function latencyRoute(method: string | undefined, url: string | undefined): LatencyRoute | null {
  const path = (url ?? "").split("?", 1)[0]!;
  if (path === "/api/v1/auth-request" || path === "/api/v1/forward-auth") return "verify";
  if (isPasswordSignIn(method, url)) return "sign_in";
  return path.startsWith("/api/") ? "api" : null;
}

/** Times the request into its histogram, and logs it at debug level (path only: a query may carry a secret). */
function timed(req: IncomingMessage, res: ServerResponse): void {
  const route = latencyRoute(req.method, req.url);
  const debug = logs("debug");
  if (!route && !debug) return;
  const start = performance.now();
  res.once("finish", () => {
    const ms = performance.now() - start;
    if (route) observeLatency(route, ms / 1000);
    if (debug) log.debug("request", { method: req.method, path: (req.url ?? "").split("?", 1)[0], status: res.statusCode, ms: Number(ms.toFixed(1)) });
  });
}

main().catch((error: unknown) => {
  const reason = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  // A bad configuration cannot build the logger (it reads the configuration): plain stderr then.
  if (error instanceof ConfigError) console.error(`Gatehouse could not start: ${reason}`);
  else log.fatal(`Gatehouse could not start: ${reason}`);
  process.exit(1);
});
