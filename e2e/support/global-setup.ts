import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createUser } from "./gatehouse";
import { LOGS_DIR, SECRETS_DIR } from "./secrets";

export default function globalSetup() {
  // A new run records its own secrets; the forward-auth stacks' logs are written anew if their spec runs
  // (the web servers' logs, test-results/e2e-logs/{main,fresh}.log, are already written anew by e2e/support/start-server.mjs).
  rmSync(SECRETS_DIR, { recursive: true, force: true });
  const logs = existsSync(LOGS_DIR) ? readdirSync(LOGS_DIR) : [];
  for (const file of logs.filter((f) => f.startsWith("forward-auth-"))) rmSync(path.join(LOGS_DIR, file));
  // The main instance gets its first admin from the CLI, as an operator would do it.
  createUser({ admin: true });
}
