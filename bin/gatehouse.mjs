#!/usr/bin/env node
// `npx gatehouse <command>`: the admin CLI (cli/main.ts), run from a bundle built
// on first use (bin/cli-bundle.mjs), or through tsx when no bundle can be built.
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cliBundle } from "./cli-bundle.mjs";

const bundle = await cliBundle();
if (bundle) {
  await import(pathToFileURL(bundle).href).catch((error) => {
    // lib/env.ts refused the configuration while the modules loaded: one line, as for any refusal.
    if (error?.name !== "ConfigError") throw error;
    process.stderr.write(`Error: ${error.message}\n`);
    process.exit(1);
  });
} else {
  const here = (p) => fileURLToPath(new URL(p, import.meta.url));
  const result = spawnSync(process.execPath, ["--no-warnings", "--import", here("./register.mjs"), here("../cli/main.ts"), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(result.status ?? 1);
}
