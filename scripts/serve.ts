/**
 * `npm start` / `npm run dev`: prepares the instance and serves it.
 *  1. validates the configuration (one-line reason and exit 1 when wrong);
 *  2. creates the data folder and the instance secret (0600) if missing;
 *  3. applies pending database migrations;
 *  4. (production) builds the app when there is no build or the sources are newer;
 *  5. serves Next behind a thin HTTP layer that records the real client address,
 *     refuses oversized bodies before Next reads them, adds HSTS under https, and
 *     lets password sign-ins through one at a time (lib/net/sign-in-gate.ts).
 */
import { createServer, type IncomingMessage } from "node:http";
import next from "next";
import { instanceSecret } from "@/lib/crypto/keys";
import { migrate } from "@/lib/db/migrate";
import { ConfigError, env } from "@/lib/env";
import { CLIENT_IP_HEADER } from "@/lib/auth/request-meta";
import { clientAddress } from "@/lib/net/client-address";
import { strictTransportSecurity } from "@/lib/security/headers";
import { isPasswordSignIn, SignInGate } from "@/lib/net/sign-in-gate";
import { buildIfStale } from "./build-if-stale";

const MAX_BODY_BYTES = 2 * 1024 * 1024 + 64 * 1024;
const dev = process.argv.includes("--dev");
const root = process.cwd();

function tooLarge(req: IncomingMessage): boolean {
  const length = Number(req.headers["content-length"] ?? 0);
  return Number.isFinite(length) && length > MAX_BODY_BYTES;
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
  const hsts = strictTransportSecurity(config.publicUrl);
  const signIns = new SignInGate();

  const server = createServer((req, res) => {
    if (tooLarge(req)) {
      res.writeHead(413, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ error: "payload_too_large", message: "The request is too large." }));
      req.destroy();
      return;
    }
    req.headers[CLIENT_IP_HEADER] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.trustProxy);
    if (hsts) res.setHeader("Strict-Transport-Security", hsts);
    if (isPasswordSignIn(req.method, req.url)) return signIns.admit(req, res, () => handle(req, res));
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(config.port, config.hostname, () => {
    const shown = config.hostname && config.hostname !== "0.0.0.0" ? config.hostname : "localhost";
    console.log(`Gatehouse ${dev ? "(development) " : ""}ready on http://${shown}:${config.port} (${config.databaseKind}, data in ${config.dataDir})`);
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
