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
 *  6. answers the forward-auth verify endpoints itself, before Next (lib/forward-auth/http.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import next from "next";
import { instanceSecret } from "@/lib/crypto/keys";
import { migrate } from "@/lib/db/migrate";
import { ConfigError, env } from "@/lib/env";
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
  if (applied.length) console.log(`Applied ${applied.length} database migration(s): ${applied.join(", ")}`);
  if (!dev) buildIfStale(root);

  const app = next({ dev, dir: root, hostname: config.hostname ?? "localhost", port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Loaded once Next is prepared: lib/ reaches next/server, which needs Next's AsyncLocalStorage set up first.
  const { answerVerify, verifyEndpoint } = await import("@/lib/forward-auth/http");
  const hsts = strictTransportSecurity(config.publicUrl);
  const signIns = new SignInGate();

  const server = createServer(serverTimeouts(), (req, res) => {
    // Forward auth (nginx auth_request, Traefik/Caddy forward_auth): answered here, never by Next.
    const verify = verifyEndpoint(req.url);
    if (verify) return answerVerify(verify, req, res, config.trustProxy);
    const refused = earlyRefusal(req.method, req.headers);
    if (refused) return refuse(req, res, refused);
    const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.trustProxy);
    req.headers[CLIENT_IP_HEADER] = address;
    if (hsts) res.setHeader("Strict-Transport-Security", hsts);
    if (isPasswordSignIn(req.method, req.url)) return signIns.admit(req, res, () => handle(req, res), addressBucket(address));
    void handle(req, res);
  });
  server.listen(config.port, config.hostname, () => {
    const shown = config.hostname && config.hostname !== "0.0.0.0" ? config.hostname : "localhost";
    console.log(`Gatehouse ${dev ? "(development) " : ""}ready on http://${shown}:${config.port} (${config.databaseKind}, data in ${config.dataDir})`);
  });
  // `kill -USR2 <pid>` prints how busy the event loop has been since start (bench/run.ts reads it).
  process.on("SIGUSR2", () => {
    const { idle, active } = performance.eventLoopUtilization();
    console.log(`event loop: idle ${idle.toFixed(1)} ms, active ${active.toFixed(1)} ms`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  const reason = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`Gatehouse could not start: ${reason}`);
  process.exit(1);
});
