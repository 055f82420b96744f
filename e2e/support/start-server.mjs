// Starts a production server for e2e on a wiped data folder: node e2e/support/start-server.mjs <main|fresh>
// Its output (JSON lines at LOG_LEVEL=debug: one per request too) goes to test-results/e2e-logs/<name>.log
// for the log check (e2e/support/check-log.ts); its stderr also to Playwright's.
import { spawn } from "node:child_process";
import { mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const name = process.argv[2];
const base = Number(process.env.E2E_PORT_BASE ?? 3211);
const port = { main: base, fresh: base + 1 }[name];
const dataDir = path.join(root, "test-results", `e2e-${name}`);
rmSync(dataDir, { recursive: true, force: true });
const logs = path.join(root, "test-results", "e2e-logs");
mkdirSync(logs, { recursive: true });
const log = openSync(path.join(logs, `${name}.log`), "w");
const child = spawn(process.execPath, ["--no-warnings", "--import", "./bin/register.mjs", "scripts/serve.ts"], {
  cwd: root,
  stdio: ["ignore", log, "pipe"],
  env: {
    ...process.env,
    LOG_LEVEL: "debug",
    LOG_FORMAT: "json",
    GATEHOUSE_DATA_DIR: dataDir,
    DATABASE_URL: "",
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    NODE_ENV: "production",
    // Each test browses as its own client address (X-Forwarded-For from e2e/fixtures.ts),
    // so one test's wrong answers never throttle another's.
    TRUST_PROXY: "true",
  },
});
child.stderr.on("data", (chunk) => {
  writeSync(log, chunk);
  process.stderr.write(chunk);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
