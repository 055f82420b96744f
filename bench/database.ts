/**
 * A fresh database for one bench run. SQLite (default): a temporary data folder.
 * PostgreSQL (DATABASE_URL=postgresql://…): a temporary database created next to
 * the one named (the role needs CREATEDB) and dropped afterwards — the named
 * database itself is never touched.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type BenchDatabase = {
  kind: "sqlite" | "postgresql";
  /** Folder for instance data (SQLite file, instance secret). */
  dataDir: string;
  /** DATABASE_URL for the servers and the CLI ("" means SQLite in dataDir). */
  url: string;
  /** What to show in the report (no password). */
  label: string;
  drop(): Promise<void>;
};

export async function freshDatabase(given: string | undefined): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-"));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (!given || given.startsWith("file:")) {
    return { kind: "sqlite", dataDir, url: "", label: "SQLite (temporary folder)", drop: async () => removeDir() };
  }
  if (!/^postgres(ql)?:\/\//.test(given)) throw new Error("DATABASE_URL must be a postgresql:// URL (or unset for SQLite).");
  const admin = new URL(given);
  const name = `${decodeURIComponent(admin.pathname.slice(1)) || "gatehouse"}_bench_${randomBytes(4).toString("hex")}`;
  await withClient(given, (c) => c.query(`CREATE DATABASE "${name}"`)).catch((error: Error) => {
    removeDir();
    throw new Error(`Could not create a temporary PostgreSQL database (the role needs CREATEDB): ${error.message}`);
  });
  const url = new URL(given);
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    kind: "postgresql",
    dataDir,
    url: url.toString(),
    label: `PostgreSQL ${admin.hostname}:${admin.port || 5432}/${name} (temporary)`,
    async drop() {
      removeDir();
      await withClient(given, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch((error: Error) =>
        console.error(`Could not drop the temporary database ${name}: ${error.message}`),
      );
    },
  };
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
