import "server-only";
import Database from "better-sqlite3";
import { env } from "@/lib/env";

/**
 * The hot-path reads on SQLite (the token row of every authenticated request,
 * the groups of every allowed verify request) run as prepared statements on a
 * connection of their own, beside Prisma's: in WAL mode it sees every committed
 * write — a revocation by this process, the CLI or another one — at once.
 *
 * This connection never writes, so SQLite's `PRAGMA data_version` on it changes
 * exactly when some other connection has committed since it was last asked.
 * `ReadCache` keeps answers while it stays the same: a revoked token, a removed
 * group member or a disabled account is a commit, which empties every cache
 * before the next read (the token rows' cache; a verify request's groups are
 * kept with the row object they were read for, lib/forward-auth/user-groups.ts). One pragma (≈1 µs) instead of the query and its row
 * object; any write anywhere in the database starts the caches afresh, so they
 * only help while reads outnumber writes (forward auth: one activity write per
 * token a minute). PostgreSQL has no such cheap, exact signal: reads there are
 * never cached.
 */

let connection: Database.Database | undefined;
let version: Database.Statement<[], number> | undefined;

export function sqliteReader(): Database.Database {
  if (!connection) {
    connection = new Database(env().databaseUrl.slice("file:".length), { timeout: 5000 });
    version = connection.prepare<[], number>("PRAGMA data_version").pluck(true);
  }
  return connection;
}

/** A number that changes whenever another connection has committed a write since the last call. */
function dataVersion(): number {
  sqliteReader();
  return version!.get()!;
}

/** Answers by key, kept while the database is unchanged; at most `max` of them (then it starts afresh). */
export class ReadCache<V> {
  private readonly entries = new Map<string, V>();
  private seen = -1;

  constructor(private readonly max: number) {}

  /** The kept answer for `key`, or `read()`'s (kept unless it is undefined or null). */
  get(key: string, read: () => V | undefined | null): V | undefined | null {
    const now = dataVersion();
    if (now !== this.seen || this.entries.size >= this.max) {
      this.entries.clear();
      this.seen = now;
    }
    const kept = this.entries.get(key);
    if (kept !== undefined) return kept;
    const value = read();
    if (value !== undefined && value !== null) this.entries.set(key, value);
    return value;
  }
}
