import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { recordSecret } from "./secrets";
import { E2E_SERVERS, ROOT } from "./servers";

/** Test-side access to the main e2e instance: its CLI and its database file. */

export function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [path.join(ROOT, "bin/gatehouse.mjs"), ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, GATEHOUSE_DATA_DIR: E2E_SERVERS.main.dataDir, DATABASE_URL: "" },
  });
  if (result.status !== 0) throw new Error(`gatehouse ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

export function sql<T = unknown>(query: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(E2E_SERVERS.main.dataDir, "gatehouse.db"), { timeout: 5000 });
  try {
    const statement = db.prepare(query);
    return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
  } finally {
    db.close();
  }
}

export type TestUser = { login: string; password: string; displayName: string };

export function createUser(options: { admin?: boolean } = {}): TestUser {
  const login = `e2e-${randomBytes(4).toString("hex")}`;
  const password = recordSecret("login password", `pw-${randomBytes(9).toString("base64url")}`);
  cli(["user:add", login, "--password-stdin", "--display-name", `Test ${login}`, ...(options.admin ? ["--admin"] : [])], password);
  return { login, password, displayName: `Test ${login}` };
}
