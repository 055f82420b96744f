// Threat: one request's chain of SQLite queries holds the event loop (every other request waits), or —
// once queries yield — another request's write lands inside a transaction and is rolled back with it.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const sqlite = env().databaseKind === "sqlite";
const key = (label: string) => `test.turns.${label}.${randomBytes(4).toString("hex")}`;

describe.runIf(sqlite)("SQLite queries taking turns with the event loop", () => {
  it("lets a timer run in the middle of a long chain of queries", async () => {
    await db.appConfig.findUnique({ where: { key: "no-such-key" } });
    let timerRan = false;
    let queriesBeforeTimer = -1;
    let done = 0;
    setTimeout(() => {
      timerRan = true;
      queriesBeforeTimer = done;
    }, 0);
    const started = performance.now();
    // Without turns the whole chain is microtasks and the timer fires only after it.
    while (performance.now() - started < 30) {
      await db.appConfig.findUnique({ where: { key: "no-such-key" } });
      done++;
    }
    expect(timerRan).toBe(true);
    expect(queriesBeforeTimer).toBeLessThan(done);
  });
});

describe("transactions and concurrent requests", () => {
  it("never runs another request's query inside an open transaction", async () => {
    const inside = key("inside");
    const outside = Array.from({ length: 20 }, (_, i) => key(`outside-${i}`));
    // Other "requests" write while the transaction runs many queries, then fails.
    const others = (async () => {
      for (const k of outside) await db.appConfig.create({ data: { key: k, value: "kept" } });
    })();
    const failed = db
      .$transaction(async (tx) => {
        await tx.appConfig.create({ data: { key: inside, value: "rolled back" } });
        for (let i = 0; i < 50; i++) {
          await tx.appConfig.findMany({ where: { key: { startsWith: "test.turns." } } });
          // A transaction may wait on something else (a hash, a timer): the others run meanwhile.
          if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
        }
        throw new Error("roll back");
      })
      .catch((error: Error) => error.message);
    expect(await failed).toBe("roll back");
    await others;
    expect(await db.appConfig.findUnique({ where: { key: inside } })).toBeNull();
    expect(await db.appConfig.count({ where: { key: { in: outside } } })).toBe(outside.length);
  });
});
