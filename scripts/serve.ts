/**
 * `npm start` / `npm run dev`: prepares the instance and serves it.
 *  1. validates the configuration (one-line reason and exit 1 when wrong);
 *  2. creates the data folder and the instance secret (0600) if missing;
 *  3. applies pending database migrations;
 *  4. (production) builds the app when there is no build or the sources are newer;
 *  5. serves Next behind a thin HTTP layer that records the real client address,
 *     refuses oversized bodies before Next reads them, and adds HSTS under https.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import path from "node:path";
import next from "next";
import { instanceSecret } from "@/lib/crypto/keys";
import { migrate } from "@/lib/db/migrate";
import { ConfigError, env } from "@/lib/env";
import { CLIENT_IP_HEADER } from "@/lib/auth/request-meta";
import { clientAddress } from "@/lib/net/client-address";
import { strictTransportSecurity } from "@/lib/security/headers";

const MAX_BODY_BYTES = 2 * 1024 * 1024 + 64 * 1024;
const dev = process.argv.includes("--dev");
const root = process.cwd();

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfStale(): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = ["app", "components", "lib", "proxy.ts", "next.config.ts", "package-lock.json"]
    .map((p) => path.join(root, p))
    .filter(existsSync)
    .map((p) => (statSync(p).isDirectory() ? newestSourceMtime(p) : statSync(p).mtimeMs));
  if (built > Math.max(...sources)) return;
  console.log(built ? "Sources changed since the last build: rebuilding…" : "No build yet: building (about a minute)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("The build failed (see above).");
}

function tooLarge(req: IncomingMessage): boolean {
  const length = Number(req.headers["content-length"] ?? 0);
  return Number.isFinite(length) && length > MAX_BODY_BYTES;
}

async function main(): Promise<void> {
  const config = env();
  instanceSecret();
  const { applied } = await migrate(config.databaseUrl);
  if (applied.length) console.log(`Applied ${applied.length} database migration(s): ${applied.join(", ")}`);
  if (!dev) buildIfStale();

  const app = next({ dev, dir: root, hostname: config.hostname ?? "localhost", port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const hsts = strictTransportSecurity(config.publicUrl);

  const server = createServer((req, res) => {
    if (tooLarge(req)) {
      res.writeHead(413, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ error: "payload_too_large", message: "The request is too large." }));
      req.destroy();
      return;
    }
    req.headers[CLIENT_IP_HEADER] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.trustProxy);
    if (hsts) res.setHeader("Strict-Transport-Security", hsts);
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
