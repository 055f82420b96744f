import "server-only";
import Database from "better-sqlite3";
import { pgPool } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * The token row and its user, by the unique hash, in one query straight on the
 * driver: every authenticated request (session cookie or app password) runs it.
 * Through Prisma the same lookup costs a second query for the relation and many
 * promise hops; measured in Next route handlers here, it halved the throughput
 * of GET /api/v1/me. SQLite: a prepared statement on a connection of its own
 * (WAL: it sees every committed write, e.g. a revocation, at once). PostgreSQL:
 * Prisma's own pool, one round trip. Everything else goes through Prisma.
 * test/auth/token-lookup.same-as-prisma.test.ts keeps the result equal to the
 * Prisma query it replaces, on both databases.
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
  user: { id: string; login: string; loginKey: string; displayName: string; email: string | null; isAdmin: boolean; disabled: boolean };
};

const SELECT = (time: (column: string) => string, placeholder: string) => `
  SELECT t."id", t."type", t."userId", t."name", ${time('t."lastActivity"')} AS "lastActivity",
         ${time('t."expiresAt"')} AS "expiresAt", t."remember", t."scope", ${time('t."reauthAt"')} AS "reauthAt",
         t."ip", t."userAgent", ${time('t."createdAt"')} AS "createdAt",
         u."id" AS "uId", u."login" AS "uLogin", u."loginKey" AS "uLoginKey", u."displayName" AS "uDisplayName",
         u."email" AS "uEmail", u."isAdmin" AS "uIsAdmin", u."disabled" AS "uDisabled"
  FROM "AuthToken" t JOIN "User" u ON u."id" = t."userId"
  WHERE t."hash" = ${placeholder}`;

// SQLite keeps Prisma DateTimes as ISO text; PostgreSQL as UTC `timestamp(3)`,
// read here as epoch milliseconds so no time-zone parser is involved.
const SQLITE_SQL = SELECT((c) => c, "?");
const POSTGRES_SQL = SELECT((c) => `(EXTRACT(EPOCH FROM ${c}) * 1000)::float8`, "$1");

type Raw = Record<string, unknown>;

let statement: Database.Statement<[string], Raw> | undefined;

function sqliteStatement(): Database.Statement<[string], Raw> {
  if (!statement) {
    const connection = new Database(env().databaseUrl.slice("file:".length), { timeout: 5000 });
    statement = connection.prepare<[string], Raw>(SQLITE_SQL);
  }
  return statement;
}

export async function readTokenRow(hash: string): Promise<TokenRow | null> {
  const raw =
    env().databaseKind === "sqlite"
      ? sqliteStatement().get(hash)
      : (await pgPool().query<Raw>({ text: POSTGRES_SQL, values: [hash] })).rows[0];
  return raw ? toTokenRow(raw) : null;
}

function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(typeof value === "number" ? Math.round(value) : String(value));
}

function toTokenRow(r: Raw): TokenRow {
  return {
    id: Number(r.id),
    type: String(r.type),
    userId: String(r.userId),
    name: String(r.name),
    lastActivity: toDate(r.lastActivity),
    expiresAt: r.expiresAt === null ? null : toDate(r.expiresAt),
    remember: Boolean(r.remember),
    scope: String(r.scope),
    reauthAt: r.reauthAt === null ? null : toDate(r.reauthAt),
    ip: r.ip === null ? null : String(r.ip),
    userAgent: r.userAgent === null ? null : String(r.userAgent),
    createdAt: toDate(r.createdAt),
    user: {
      id: String(r.uId),
      login: String(r.uLogin),
      loginKey: String(r.uLoginKey),
      displayName: String(r.uDisplayName),
      email: r.uEmail === null ? null : String(r.uEmail),
      isAdmin: Boolean(r.uIsAdmin),
      disabled: Boolean(r.uDisabled),
    },
  };
}
