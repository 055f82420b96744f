/**
 * `DATABASE_URL=postgresql://… node --import ./bin/register.mjs bench/pg-statements.ts`
 *
 * An experiment behind scenario 13 (docs/performance.md § Scale-out): what the
 * database's backend spends on the token lookup of every verify
 * (lib/db/token-row.ts's query, on tables of the same shape), sent as node-pg
 * sends it now — an unnamed statement, parsed and planned on every call — and as
 * a named prepared statement, planned once per connection. Measured from the
 * backend's own CPU time (/proc, PostgreSQL on this host), in alternating trials,
 * in a temporary database (bench/database.ts) dropped afterwards.
 */
import pg from "pg";
import { freshDatabase } from "./database";
import { cpuTimes } from "./server";

const QUERIES = 20_000;
const TRIALS = 3;
const TOKENS = 5_000;

const TIMES = new Set(["lastActivity", "expiresAt", "reauthAt", "createdAt"]);
const TOKEN_COLUMNS = ["id", "type", "userId", "name", "lastActivity", "expiresAt", "remember", "scope", "reauthAt", "ip", "userAgent", "createdAt"];
const USER_COLUMNS = ["id", "login", "loginKey", "displayName", "email", "isAdmin", "disabled"];
const column = (table: string, name: string) => (TIMES.has(name) ? `(EXTRACT(EPOCH FROM ${table}."${name}") * 1000)::float8` : `${table}."${name}"`);
const SQL = `SELECT ${[...TOKEN_COLUMNS.map((c) => column("t", c)), ...USER_COLUMNS.map((c) => column("u", c)), 't."apps"', 't."methods"'].join(", ")}
  FROM "AuthToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."hash" = $1`;

const database = await freshDatabase(process.env.DATABASE_URL);
if (database.kind !== "postgresql") throw new Error("Set DATABASE_URL=postgresql://… (the role needs CREATEDB).");
const client = new pg.Client({ connectionString: database.url });
try {
  await client.connect();
  await client.query(
    `CREATE TABLE "User" ("id" text PRIMARY KEY, "login" text, "loginKey" text, "displayName" text, "email" text, "isAdmin" boolean, "disabled" boolean)`,
  );
  await client.query(`CREATE TABLE "AuthToken" ("id" serial PRIMARY KEY, "hash" text UNIQUE, "type" text, "userId" text REFERENCES "User"("id"), "name" text,
    "lastActivity" timestamp(3), "expiresAt" timestamp(3), "remember" boolean, "scope" text, "reauthAt" timestamp(3), "ip" text, "userAgent" text,
    "createdAt" timestamp(3), "apps" text, "methods" text)`);
  await client.query(`INSERT INTO "User" SELECT 'u' || i, 'l' || i, 'l' || i, 'L', NULL, false, false FROM generate_series(1, 1000) i`);
  await client.query(`INSERT INTO "AuthToken" ("hash", "type", "userId", "name", "lastActivity", "remember", "scope", "createdAt")
    SELECT 'h' || i, 'session', 'u' || (i % 1000 + 1), 'n', now(), false, 'full', now() FROM generate_series(1, ${TOKENS}) i`);
  await client.query("ANALYZE");
  const backend = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  const cpu = () => {
    const t = cpuTimes(backend);
    if (!t) throw new Error("The backend's /proc entry cannot be read: PostgreSQL must run on this host.");
    return t.all;
  };
  const trial = async (named: boolean) => {
    const [before, began] = [cpu(), performance.now()];
    for (let i = 0; i < QUERIES; i++)
      await client.query({ text: SQL, values: [`h${(i % TOKENS) + 1}`], rowMode: "array", ...(named ? { name: "bench-token-row" } : {}) });
    return { backendMs: (1000 * (cpu() - before)) / QUERIES, wallMs: (performance.now() - began) / QUERIES };
  };
  const results: { statement: string; backendMs: number; wallMs: number }[] = [];
  for (let t = 0; t < TRIALS; t++)
    for (const named of [false, true]) results.push({ statement: named ? "named (prepared once)" : "unnamed (as now)", ...(await trial(named)) });
  for (const r of results) console.log(`${r.statement.padEnd(22)} backend CPU ${r.backendMs.toFixed(3)} ms/query, round trip ${r.wallMs.toFixed(3)} ms`);
} finally {
  await client.end().catch(() => {});
  await database.drop();
}
