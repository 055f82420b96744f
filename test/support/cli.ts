import { spawn, spawnSync } from "node:child_process";
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

/**
 * The same, without blocking this process: needed when the command talks to a
 * fake service running inside the test process.
 */
export function cliAsync(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "bin/gatehouse.mjs"), ...args], {
      env: { ...process.env, GATEHOUSE_DATA_DIR: inject("dataDir"), DATABASE_URL: inject("databaseUrl"), NODE_ENV: "test" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/**
 * Runs a command on a real terminal (util-linux `script` gives it a pty) and
 * answers its prompts in order. Returns everything the terminal showed.
 * Null when `script` is not installed.
 */
export function cliOnTerminal(args: string[], answers: [RegExp, string][]): Promise<{ code: number | null; screen: string } | null> {
  if (spawnSync("script", ["--version"]).status !== 0) return Promise.resolve(null);
  const command = [process.execPath, path.join(root, "bin/gatehouse.mjs"), ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qefc", command, "/dev/null"], {
      env: { ...process.env, GATEHOUSE_DATA_DIR: inject("dataDir"), DATABASE_URL: inject("databaseUrl"), NODE_ENV: "test" },
    });
    const pending = [...answers];
    let screen = "";
    child.stdout.on("data", (d: Buffer) => {
      screen += d.toString("utf8");
      const plain = screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
      const next = pending[0];
      if (next && next[0].test(plain)) {
        pending.shift();
        child.stdin.write(`${next[1]}\r`);
      }
    });
    child.stderr.on("data", (d: Buffer) => (screen += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, screen: screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "") }));
  });
}
