import { spawnSync } from "node:child_process";
import path from "node:path";
import { inject } from "vitest";

const root = path.resolve(__dirname, "../..");

/** Runs `gatehouse <args>` as a user would, against the test database. */
export function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [path.join(root, "bin/gatehouse.mjs"), ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, GATEHOUSE_DATA_DIR: inject("dataDir"), DATABASE_URL: inject("databaseUrl"), NODE_ENV: "test" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
