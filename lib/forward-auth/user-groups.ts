import "server-only";
import type Database from "better-sqlite3";
import { pgPool } from "@/lib/db";
import { ReadCache, sqliteReader } from "@/lib/db/sqlite-reader";
import { env } from "@/lib/env";

/**
 * The names of a user's groups (for Remote-Groups and allow lists), in one
 * indexed query straight on the driver, as lib/db/token-row.ts reads the token:
 * it runs on every allowed verify request. Through Prisma the same read cost
 * ~2.8 ms here (more than the rest of the verify); a prepared statement on the
 * SQLite reader connection (lib/db/sqlite-reader.ts: kept while the database is
 * unchanged) or one round trip on Prisma's pg pool costs a fraction of it.
 * test/forward-auth/user-groups.same-as-prisma.test.ts holds it to the Prisma query.
 */

const SQL = (placeholder: string) =>
  `SELECT g."name" FROM "GroupMember" m JOIN "Group" g ON g."id" = m."groupId" WHERE m."userId" = ${placeholder} ORDER BY g."name"`;

let statement: Database.Statement<[string], string> | undefined;
const kept = new ReadCache<string[]>(10_000);

function sqliteGroups(userId: string): string[] {
  statement ??= sqliteReader().prepare<[string], string>(SQL("?")).pluck(true);
  return Object.freeze(statement.all(userId).map(String)) as string[];
}

/** Shared on SQLite (kept while the database is unchanged): never modify the list. */
export async function userGroupNames(userId: string): Promise<readonly string[]> {
  if (env().databaseKind === "sqlite") return kept.get(userId, () => sqliteGroups(userId))!;
  const { rows } = await pgPool().query<[string]>({ text: SQL("$1"), values: [userId], rowMode: "array" });
  return rows.map((r) => String(r[0]));
}
