import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

/**
 * SQLite through Prisma, taking turns with the rest of the server.
 *
 * better-sqlite3 answers synchronously, so a request's chain of Prisma queries
 * runs as one unbroken run of microtasks: a password sign-in's 25 queries kept
 * the event loop to itself for 10–30 ms at a stretch, and every signed-in
 * request that arrived meanwhile waited (docs/performance.md). A network
 * database yields at every query; here a query outside a transaction, or a
 * transaction's start, first lets the event loop take a turn (setImmediate:
 * pending I/O runs first) when more than TURN_EVERY_MS have passed since the
 * last turn — so no stretch of query-chained work holds the loop much longer
 * than that, and a quiet server pays for a turn only every few queries.
 * Queries inside a transaction never yield.
 *
 * The adapter has one connection, and runs a query outside a transaction on it
 * even while a transaction is open there: a concurrent request's write landed
 * inside another request's transaction (and was rolled back with it), since two
 * microtask chains interleave at every await. So a query outside a transaction
 * also waits until no transaction is open (test/db/sqlite-turns.test.ts), as a
 * second connection would.
 */

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;
type Queryable = Pick<Adapter, "queryRaw" | "executeRaw">;

const TURN_EVERY_MS = 2;
let lastTurn = 0;

async function turn(): Promise<void> {
  if (performance.now() - lastTurn < TURN_EVERY_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastTurn = performance.now();
}

function takingTurns(adapter: Adapter): Adapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  // Settles when the open transaction commits or rolls back (the adapter opens one at a time).
  let open: Promise<void> | null = null;
  const outside = async () => {
    await turn();
    while (open) await open;
  };
  const turns: Queryable = {
    queryRaw: async (query) => (await outside(), queryRaw(query)),
    executeRaw: async (query) => (await outside(), executeRaw(query)),
  };
  return Object.assign(adapter, turns, {
    startTransaction: async (...args: Parameters<Adapter["startTransaction"]>) => {
      await turn();
      const tx = await startTransaction(...args);
      let end = () => {};
      const ended = new Promise<void>((resolve) => (end = resolve));
      open = ended;
      const close = () => {
        if (open === ended) open = null;
        end();
      };
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      return Object.assign(tx, {
        commit: () => commit().finally(close),
        rollback: () => rollback().finally(close),
      });
    },
  });
}

export function sqliteAdapter(url: string, options: { timeout: number }): PrismaBetterSqlite3 {
  const factory = new PrismaBetterSqlite3({ url, timeout: options.timeout });
  const connect = factory.connect.bind(factory);
  return Object.assign(factory, { connect: async () => takingTurns(await connect()) });
}
