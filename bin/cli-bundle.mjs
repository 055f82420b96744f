// The CLI as one pre-compiled file. Loading cli/main.ts through tsx's module hooks
// costs ~0.5 s per run (every one of hundreds of modules crosses the hooks thread);
// an esbuild bundle of our own code (packages stay external) starts in ~1 s instead
// of ~1.5 s. Rebuilt (~0.1 s) whenever a source is newer; written to a temporary
// name and renamed, so concurrent first runs never see half a file.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = path.join(root, "node_modules", ".cache", "gatehouse", "cli.mjs");
const requireFromRoot = createRequire(path.join(root, "package.json"));
const SOURCES = ["cli", "lib", "bin", "packages", "gatehouse.config.ts", "tsconfig.json", "package-lock.json"];

function newest(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = s.mtimeMs;
  for (const e of readdirSync(p)) if (!e.startsWith(".") && !e.endsWith(".test.ts")) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

function fresh() {
  if (!existsSync(out)) return false;
  const built = statSync(out).mtimeMs;
  return SOURCES.map((s) => path.join(root, s))
    .filter(existsSync)
    .every((s) => newest(s) < built);
}

/** The bundle's path, built if stale; null when it cannot be built (the caller falls back to tsx). */
export async function cliBundle() {
  if (fresh()) return out;
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    return null;
  }
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await esbuild.build({
      entryPoints: [path.join(root, "cli/main.ts")],
      outfile: tmp,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      tsconfig: path.join(root, "tsconfig.json"),
      // Outside React's server bundles the guard would throw; the CLI is server-side by nature.
      alias: { "server-only": path.join(root, "bin/empty-module.mjs") },
      // `next` has no "exports" map: Node's ESM resolver needs the file name.
      plugins: [
        { name: "next-subpaths", setup: (b) => b.onResolve({ filter: /^next\/[a-z-]+$/ }, (a) => ({ path: `${a.path}.js`, external: true })) },
        // Provider packages named in gatehouse.config.ts may ship TypeScript: bundled, not loaded by Node.
        {
          name: "provider-packages",
          setup: (b) =>
            b.onResolve({ filter: /^[^./]/ }, (a) =>
              a.importer.endsWith("gatehouse.config.ts") && !a.path.startsWith("@/") ? { path: requireFromRoot.resolve(a.path) } : undefined,
            ),
        },
      ],
      logLevel: "silent",
    });
    renameSync(tmp, out);
    return out;
  } catch {
    return null;
  }
}
