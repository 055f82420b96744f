import "server-only";
import type Database from "better-sqlite3";
import { pgPool } from "@/lib/db";
import { sqliteReader } from "@/lib/db/sqlite-reader";
import { env } from "@/lib/env";

/**
 * The names of a user's groups (for Remote-Groups and allow lists), in one
 * indexed query straight on the driver, as lib/db/token-row.ts reads the token:
 * it runs on every allowed verify request. Through Prisma the same read cost
 * ~2.8 ms here (more than the rest of the verify); a prepared statement on the
 * SQLite reader connection (lib/db/sqlite-reader.ts) or one round trip on
 * Prisma's pg pool costs a fraction of it.
 * test/forward-auth/user-groups.same-as-prisma.test.ts holds it to the Prisma query.
 */

const SQL = (placeholder: string) =>
  `SELECT g."name" FROM "GroupMember" m JOIN "Group" g ON g."id" = m."groupId" WHERE m."userId" = ${placeholder} ORDER BY g."name"`;

let statement: Database.Statement<[string], string> | undefined;

/**
 * Groups read for a token row kept on SQLite (lib/db/token-row.ts): such a row
 * object lives only while the database is unchanged, so groups read with it
 * stay right for as long as it does — one pragma per request checks both.
 */
const withRow = new WeakMap<object, readonly string[]>();

function sqliteGroups(userId: string): readonly string[] {
  statement ??= sqliteReader().prepare<[string], string>(SQL("?")).pluck(true);
  return Object.freeze(statement.all(userId).map(String));
}

/** The user's group names; `row` is the token row the request was authenticated with, if any. Shared: never modify the list. */
export async function userGroupNames(userId: string, row?: object): Promise<readonly string[]> {
  if (env().databaseKind !== "sqlite") {
    const { rows } = await pgPool().query<[string]>({ name: "gatehouse_user_groups", text: SQL("$1"), values: [userId], rowMode: "array" });
    return rows.map((r) => String(r[0]));
  }
  const kept = row && withRow.get(row);
  if (kept) return kept;
  const groups = sqliteGroups(userId);
  if (row) withRow.set(row, groups);
  return groups;
}
