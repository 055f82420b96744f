import "server-only";
import Database from "better-sqlite3";
import { pgPool } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * The names of a user's groups (for Remote-Groups and allow lists), in one
 * indexed query straight on the driver, as lib/db/token-row.ts reads the token:
 * it runs on every allowed verify request. Through Prisma the same read cost
 * ~2.8 ms here (more than the rest of the verify); a prepared statement on its
 * own SQLite connection (WAL: it sees every committed change at once) or one
 * round trip on Prisma's pg pool costs a fraction of it.
 * test/forward-auth/user-groups.same-as-prisma.test.ts holds it to the Prisma query.
 */

const SQL = (placeholder: string) =>
  `SELECT g."name" FROM "GroupMember" m JOIN "Group" g ON g."id" = m."groupId" WHERE m."userId" = ${placeholder} ORDER BY g."name"`;

let statement: Database.Statement<[string], string> | undefined;

function sqliteStatement(): Database.Statement<[string], string> {
  if (!statement) {
    const connection = new Database(env().databaseUrl.slice("file:".length), { timeout: 5000 });
    statement = connection.prepare<[string], string>(SQL("?")).pluck(true);
  }
  return statement;
}

export async function userGroupNames(userId: string): Promise<string[]> {
  if (env().databaseKind === "sqlite") return sqliteStatement().all(userId).map(String);
  const { rows } = await pgPool().query<[string]>({ text: SQL("$1"), values: [userId], rowMode: "array" });
  return rows.map((r) => String(r[0]));
}
