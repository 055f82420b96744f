import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { env } from "@/lib/env";
import { sqliteAdapter } from "@/lib/db/sqlite-turns";

/**
 * The one Prisma client, chosen by the DATABASE_URL scheme. Both generated clients
 * come from one schema (prisma/sqlite/schema.prisma), so they share one API; the
 * SQLite client's type stands for both.
 */
export type Db = SqliteClient;

function createClient(): Db {
  const { databaseUrl, databaseKind } = env();
  if (databaseKind === "postgresql") {
    const adapter = new PrismaPg(pgPool());
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  mkdirSync(path.dirname(databaseUrl.slice("file:".length)), { recursive: true, mode: 0o700 });
  const adapter = sqliteAdapter(databaseUrl, { timeout: 5000 });
  return new SqliteClient({ adapter });
}

const globalForDb = globalThis as unknown as { gatehouseDb?: Db; gatehousePgPool?: pg.Pool };

/**
 * The PostgreSQL connection pool, shared by Prisma and the one hand-written query
 * on the authenticated hot path (lib/db/token-row.ts).
 */
export function pgPool(): pg.Pool {
  globalForDb.gatehousePgPool ??= new pg.Pool({ connectionString: env().databaseUrl, max: 10 });
  return globalForDb.gatehousePgPool;
}

export const db: Db = globalForDb.gatehouseDb ?? createClient();
if (env().nodeEnv !== "production") globalForDb.gatehouseDb = db;

/** Prisma's "unique constraint failed" error code. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
