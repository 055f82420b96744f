// Threat: a load balancer keeps sending sign-ins to an instance that has lost its database, because its health check still says "ok".
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startServer, type Server } from "@/bench/server";
import { buildIfStale } from "@/scripts/build-if-stale";
import { call, PORTS, scratchDatabase } from "./cluster";

const postgres = process.env.TEST_POSTGRES_URL ?? "";
if (!inject("postgresUrl")) console.warn("health (database down) skipped: set TEST_POSTGRES_URL");

const root = process.cwd();
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-health-"));
let server: Server | undefined;
let database: Awaited<ReturnType<typeof scratchDatabase>> | undefined;

afterAll(async () => {
  await server?.stop();
  await database?.admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`).catch(() => {});
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const health = async () => {
  const reply = await call(server!.url, "/api/health");
  return { status: reply.status, body: JSON.parse(reply.body) as Record<string, unknown> };
};

async function until(want: number): Promise<{ status: number; body: Record<string, unknown> }> {
  for (let i = 0; ; i++) {
    const got = await health();
    if (got.status === want || i >= 30) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!inject("postgresUrl"))("GET /api/health and the database", () => {
  it('answers 503 { "status": "unavailable" } while PostgreSQL refuses connections, and ok again after', async () => {
    buildIfStale(root);
    database = await scratchDatabase(postgres, "gh_health");
    server = await startServer({ name: "health", root, port: PORTS.health, env: { GATEHOUSE_DATA_DIR: dir, DATABASE_URL: database.url } });
    expect(await health()).toEqual({ status: 200, body: { status: "ok" } });

    // The database goes away: no new connections, and the open ones are cut.
    await database.admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    await database.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}'`);
    expect(await until(503)).toEqual({ status: 503, body: { status: "unavailable", database: "unreachable" } });

    await database.admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
    expect(await until(200)).toEqual({ status: 200, body: { status: "ok" } });
  });
});
