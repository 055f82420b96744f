import "server-only";
import type Database from "better-sqlite3";
import { pgPool } from "@/lib/db";
import { ReadCache, sqliteReader } from "@/lib/db/sqlite-reader";
import { env } from "@/lib/env";

/**
 * The token row and its user, by the unique hash, in one query straight on the
 * driver: every authenticated request (session cookie or app password) runs it.
 * Through Prisma the same lookup costs a second query for the relation and many
 * promise hops; measured in Next route handlers here, it halved the throughput
 * of GET /api/v1/me. SQLite: a prepared statement on the reader connection
 * (WAL: it sees every committed write, e.g. a revocation, at once). PostgreSQL:
 * Prisma's own pool, one round trip, as a named statement — parsed and planned
 * once per connection, not on every call (bench/pg-statements.ts: 5–6× less of
 * the database's CPU; behind PgBouncer it needs transaction pooling ≥ 1.21 or
 * session pooling, docs/deployment.md). Everything else goes through Prisma.
 * test/auth/token-lookup.same-as-prisma.test.ts keeps the result equal to the
 * Prisma query it replaces, on both databases. On SQLite the row is kept while
 * the database is unchanged (lib/db/sqlite-reader.ts: any commit, such as a
 * revocation, empties the cache before the next read).
 */

export type TokenRow = {
  id: number;
  type: string;
  userId: string;
  name: string;
  lastActivity: Date;
  expiresAt: Date | null;
  remember: boolean;
  scope: string;
  reauthAt: Date | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  apps: string | null;
  methods: string | null;
  user: { id: string; login: string; loginKey: string; displayName: string; email: string | null; isAdmin: boolean; disabled: boolean };
};

// One column list for both databases, read as arrays (row objects with 20 keys
// cost as much as the query itself); times come back as epoch milliseconds.
const COLUMNS = [
  't."id"',
  't."type"',
  't."userId"',
  't."name"',
  '@t."lastActivity"',
  '@t."expiresAt"',
  't."remember"',
  't."scope"',
  '@t."reauthAt"',
  't."ip"',
  't."userAgent"',
  '@t."createdAt"',
  'u."id"',
  'u."login"',
  'u."loginKey"',
  'u."displayName"',
  'u."email"',
  'u."isAdmin"',
  'u."disabled"',
  't."apps"',
  't."methods"',
] as const;

const SELECT = (time: (column: string) => string, placeholder: string) => `
  SELECT ${COLUMNS.map((c) => (c.startsWith("@") ? time(c.slice(1)) : c)).join(", ")}
  FROM "AuthToken" t JOIN "User" u ON u."id" = t."userId"
  WHERE t."hash" = ${placeholder}`;

// SQLite keeps Prisma DateTimes as ISO-8601 text, PostgreSQL as UTC `timestamp(3)`:
// both are turned into epoch milliseconds by the database, so no date string is
// parsed here.
const SQLITE_SQL = SELECT((c) => `CAST(ROUND(unixepoch(${c}, 'subsec') * 1000) AS INTEGER)`, "?");
const POSTGRES_SQL = SELECT((c) => `(EXTRACT(EPOCH FROM ${c}) * 1000)::float8`, "$1");

type Raw = unknown[];

let statement: Database.Statement<[string], Raw> | undefined;
const rows = new ReadCache<TokenRow>(10_000);

function sqliteRow(hash: string): TokenRow | null | undefined {
  statement ??= sqliteReader().prepare<[string], Raw>(SQLITE_SQL).raw(true);
  const raw = statement.get(hash);
  return raw ? toTokenRow(raw) : null;
}

/** The row for a keyed hash; on SQLite kept while the database is unchanged (lib/db/sqlite-reader.ts). Shared: never modify it. */
export async function readTokenRow(hash: string): Promise<TokenRow | null> {
  if (env().databaseKind === "sqlite") return rows.get(hash, () => sqliteRow(hash)) ?? null;
  const raw = (await pgPool().query<Raw>({ name: "gatehouse_token_row", text: POSTGRES_SQL, values: [hash], rowMode: "array" })).rows[0];
  return raw ? toTokenRow(raw) : null;
}

const date = (value: unknown) => new Date(Math.round(Number(value)));
const dateOrNull = (value: unknown) => (value === null ? null : date(value));
const textOrNull = (value: unknown) => (value === null ? null : String(value));

function toTokenRow(r: Raw): TokenRow {
  return Object.freeze({
    id: Number(r[0]),
    type: String(r[1]),
    userId: String(r[2]),
    name: String(r[3]),
    lastActivity: date(r[4]),
    expiresAt: dateOrNull(r[5]),
    remember: Boolean(r[6]),
    scope: String(r[7]),
    reauthAt: dateOrNull(r[8]),
    ip: textOrNull(r[9]),
    userAgent: textOrNull(r[10]),
    createdAt: date(r[11]),
    apps: textOrNull(r[19]),
    methods: textOrNull(r[20]),
    user: Object.freeze({
      id: String(r[12]),
      login: String(r[13]),
      loginKey: String(r[14]),
      displayName: String(r[15]),
      email: textOrNull(r[16]),
      isAdmin: Boolean(r[17]),
      disabled: Boolean(r[18]),
    }),
  });
}
