import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";

/**
 * Applies the committed Prisma migrations (prisma/<database>/migrations) at start,
 * without Prisma's native schema engine: the runtime then needs nothing beyond npm
 * packages. Applied migrations are recorded in Prisma's own `_prisma_migrations`
 * table with Prisma's checksum, so `prisma migrate status|deploy` agree with it.
 * Two instances starting together are serialised by a database lock.
 */

export type MigrationResult = { applied: string[] };

type Migration = { name: string; sql: string; checksum: string };

/** prisma/ of this checkout: found upwards from this module, which may be bundled (the CLI) or not. */
const PRISMA_DIR = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "prisma", "sqlite", "schema.prisma"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("prisma/ not found above " + fileURLToPath(import.meta.url));
    dir = up;
  }
  return path.join(dir, "prisma");
})();

export function migrationsFor(kind: "sqlite" | "postgresql"): Migration[] {
  const dir = path.join(PRISMA_DIR, kind, "migrations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkChecksums(migrations: Migration[], applied: Map<string, string>): void {
  for (const m of migrations) {
    const recorded = applied.get(m.name);
    if (recorded !== undefined && recorded !== m.checksum) {
      throw new Error(`Migration ${m.name} was changed after it was applied to this database`);
    }
  }
}

export async function migrate(databaseUrl: string): Promise<MigrationResult> {
  return databaseUrl.startsWith("file:") ? migrateSqlite(databaseUrl) : migratePostgres(databaseUrl);
}

function migrateSqlite(databaseUrl: string): MigrationResult {
  const file = databaseUrl.slice("file:".length);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  const conn = new Database(file, { timeout: 10_000 });
  try {
    conn.pragma("journal_mode = WAL");
    conn.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const applied: string[] = [];
    for (const m of migrationsFor("sqlite")) {
      // BEGIN IMMEDIATE takes the write lock before looking, so two starts never both apply.
      conn.exec("BEGIN IMMEDIATE");
      try {
        const rows = conn
          .prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`)
          .all() as { migration_name: string; checksum: string }[];
        const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
        checkChecksums([m], done);
        if (!done.has(m.name)) {
          conn.exec(m.sql);
          conn
            .prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`)
            .run(randomUUID(), m.checksum, Date.now(), m.name, Date.now());
          applied.push(m.name);
        }
        conn.exec("COMMIT");
      } catch (error) {
        conn.exec("ROLLBACK");
        throw error;
      }
    }
    return { applied };
  } finally {
    conn.close();
  }
}

async function migratePostgres(databaseUrl: string): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(727073690)");
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const migrations = migrationsFor("postgresql");
    checkChecksums(migrations, done);
    const applied: string[] = [];
    for (const m of migrations.filter((x) => !done.has(x.name))) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
        applied.push(m.name);
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    return { applied };
  } finally {
    await client.query("SELECT pg_advisory_unlock(727073690)").catch(() => {});
    await client.end();
  }
}
