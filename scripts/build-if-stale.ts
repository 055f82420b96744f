/**
 * Builds the app (`next build`) when there is no build or a source is newer than
 * it. Used by `npm start` (scripts/serve.ts) and `npm run bench`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when `.next` holds a production build newer than every source it is made from. */
export function buildIsFresh(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = ["app", "components", "lib", "packages", "gatehouse.config.ts", "proxy.ts", "next.config.ts", "package-lock.json"]
    .map((p) => path.join(root, p))
    .filter(existsSync)
    .map((p) => (statSync(p).isDirectory() ? newestSourceMtime(p) : statSync(p).mtimeMs));
  return built > Math.max(...sources);
}

export function buildIfStale(root: string): void {
  if (buildIsFresh(root)) return;
  const built = existsSync(path.join(root, ".next", "BUILD_ID"));
  console.log(built ? "Sources changed since the last build: rebuilding…" : "No build yet: building (about a minute)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("The build failed (see above).");
}
