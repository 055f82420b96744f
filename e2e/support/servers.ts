import path from "node:path";
import { fileURLToPath } from "node:url";

/** The two servers e2e runs against: a fresh instance (first-run set-up) and the main one. */
const root = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
const server = (name: string, port: number) => ({
  name,
  port,
  url: `http://localhost:${port}`,
  dataDir: path.join(root, "test-results", `e2e-${name}`),
});

// E2E_PORT_BASE moves both servers (two checkouts can then run e2e side by side).
const base = Number(process.env.E2E_PORT_BASE ?? 3211);
export const E2E_SERVERS = { main: server("main", base), fresh: server("fresh", base + 1) } as const;
export const ROOT = root;
