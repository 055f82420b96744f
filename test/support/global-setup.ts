import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

/**
 * One fresh database for the whole run: a temporary SQLite file by default, or —
 * when DATABASE_URL names PostgreSQL — that database with its schema wiped.
 * Migrations are applied by the code under test's own migrator.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-test-"));
  const databaseUrl = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : `file:${path.join(dataDir, "gatehouse.db")}`;
  if (databaseUrl.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    await client.end();
  }
  project.provide("dataDir", dataDir);
  project.provide("databaseUrl", databaseUrl);
  const { migrate } = await import("../../lib/db/migrate");
  await migrate(databaseUrl);
  return () => rmSync(dataDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    dataDir: string;
    databaseUrl: string;
  }
}
