#!/usr/bin/env node
// `npx gatehouse <command>`: the admin CLI (cli/main.ts).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const result = spawnSync(
  process.execPath,
  ["--no-warnings", "--import", here("./register.mjs"), here("../cli/main.ts"), ...process.argv.slice(2)],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
