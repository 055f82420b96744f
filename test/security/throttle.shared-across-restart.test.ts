// Threat: an attacker who waits out a restart, or spreads guesses over several instances, to reset the counters.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { fakeClock, randomIPv4 } from "@/test/support/security";

type ThrottleModule = typeof import("@/lib/auth/throttle");

/** A fresh copy of the throttle module with its own Prisma client: a restarted or second instance. */
async function freshInstance(): Promise<{ throttle: ThrottleModule; client: unknown }> {
  vi.resetModules();
  delete (globalThis as { gatehouseDb?: unknown }).gatehouseDb;
  const throttle = await import("@/lib/auth/throttle");
  const { db: client } = await import("@/lib/db");
  return { throttle, client };
}

async function fail(throttle: ThrottleModule, address: string, clock: ReturnType<typeof fakeClock>) {
  // The address is what is being tested: a fresh account each time keeps the account counter out of it.
  const attempt = await throttle.beginAttempt("login", { address, account: `victim-${randomUUID()}` }, { clock });
  if (attempt.ok) await throttle.attemptFailed(attempt.ticket);
  return attempt.ok;
}

describe("throttling counters live in the database", () => {
  it("keep blocking an address after a restart (new module, new database client)", async () => {
    const address = randomIPv4();
    const clock = fakeClock();
    const before = await freshInstance();
    let allowed = 0;
    for (let i = 0; i < 30; i++) {
      if (await fail(before.throttle, address, clock)) allowed++;
      clock.advance(30_000);
    }
    expect(allowed).toBe(10);

    const after = await freshInstance();
    expect(after.client).not.toBe(before.client);
    const attempt = await after.throttle.beginAttempt("login", { address, account: "someone" }, { clock });
    expect(attempt).toMatchObject({ ok: false, scope: "address" });
    expect(await db.throttleBucket.count({ where: { key: { contains: address } } })).toBeGreaterThan(0);
  });

  it("are shared by two instances: alternating between them gains nothing", async () => {
    const address = randomIPv4();
    const clock = fakeClock();
    const a = await freshInstance();
    const b = await freshInstance();
    let allowed = 0;
    for (let i = 0; i < 30; i++) {
      if (await fail(i % 2 ? a.throttle : b.throttle, address, clock)) allowed++;
      clock.advance(30_000);
    }
    expect(allowed).toBe(10);
  });

  it("forget failures 12 hours after the last one, and are purged from the table after that", async () => {
    const { throttle } = await freshInstance();
    const address = randomIPv4();
    const clock = fakeClock();
    for (let i = 0; i < 10; i++) {
      await fail(throttle, address, clock);
      clock.advance(60_000);
    }
    expect(await throttle.beginAttempt("login", { address, account: "someone" }, { clock })).toMatchObject({ ok: false });
    clock.advance(12 * 3600_000);
    await throttle.purgeExpiredBuckets(clock.now());
    expect(await db.throttleBucket.count({ where: { key: { contains: address } } })).toBe(0);
    expect(await throttle.beginAttempt("login", { address, account: "someone" }, { clock })).toMatchObject({ ok: true });
  });

  it("count atomically: a parallel burst split over two instances gets exactly the per-address limit", async () => {
    const address = randomIPv4();
    const clock = fakeClock();
    const a = await freshInstance();
    const b = await freshInstance();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a.throttle : b.throttle).beginAttempt("api_basic", { address, account: `acct-${i}` }, { clock })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });
});
