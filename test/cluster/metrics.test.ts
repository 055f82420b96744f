// Threat: an operator's dashboard shows what did not happen — /metrics answering an instance that never turned it on, mails counted as sent that failed (or not counted at all), expired app passwords counted as in use.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startServer, type Server } from "@/bench/server";
import { db } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { buildIfStale } from "@/scripts/build-if-stale";
import { startSmtpFake, type SmtpFake } from "@/test/fakes/smtp";
import { basic } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";
import { call, loopbackClient, PORTS } from "./cluster";

const root = process.cwd();
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-metrics-"));
const METRICS_TOKEN = randomBytes(24).toString("base64url");
let smtp: SmtpFake;
let server: Server;

beforeAll(async () => {
  buildIfStale(root);
  await migrate(process.env.DATABASE_URL!);
  smtp = await startSmtpFake();
  server = await startServer({
    name: "metrics",
    root,
    port: PORTS.metrics,
    env: {
      GATEHOUSE_DATA_DIR: path.join(dir, "metrics"),
      DATABASE_URL: process.env.DATABASE_URL!,
      INSTANCE_SECRET: inject("instanceSecret"),
      METRICS_TOKEN,
      SMTP_URL: smtp.url(),
      MAIL_FROM: "Gatehouse <gatehouse@example.test>",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The value of one series in a scrape (NaN when it is not there). */
const value = (body: string, series: string) => Number(new RegExp(`^${series.replace(/[{}()".]/g, "\\$&")} (\\S+)$`, "m").exec(body)?.[1] ?? NaN);

async function waitFor(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(done(), what).toBe(true);
}

describe("GET /metrics without METRICS_TOKEN", () => {
  it("is a 404, whatever the request carries", async () => {
    const off = await startServer({ name: "metrics-off", root, port: PORTS.metricsOff, env: { GATEHOUSE_DATA_DIR: path.join(dir, "off"), DATABASE_URL: "" } });
    try {
      for (const headers of [{}, { authorization: `Bearer ${METRICS_TOKEN}` }] as Record<string, string>[]) {
        const reply = await call(off.url, "/metrics", { headers });
        expect(reply.status).toBe(404);
        expect(reply.body).not.toContain("gatehouse_");
      }
      expect((await call(off.url, "/metrics", { method: "HEAD" })).status).toBe(404);
    } finally {
      await off.stop();
    }
  });
});

describe("GET /metrics with METRICS_TOKEN", () => {
  it("counts gateway sends by channel and result, and exactly the app passwords not yet expired", async () => {
    const from = loopbackClient();
    const tag = randomBytes(3).toString("hex");
    // Each new app password is mailed to its user (lib/auth/app-passwords.ts): Alice's mailbox takes it, Bob's does not exist (550).
    const alice = await makeUser({ email: `alice-${tag}@example.test` });
    const bob = await makeUser({ email: `bob-${tag}@example.test` });
    smtp.unknown.add(`bob-${tag}@example.test`);
    for (const user of [alice, bob]) {
      const exchanged = await call(server.url, "/api/v1/app-password", {
        method: "POST",
        headers: { authorization: basic(user.login, user.password), "content-type": "application/json" },
        body: JSON.stringify({ name: "Sync client" }),
        from,
      });
      expect(exchanged.status).toBe(201);
    }
    // The mails go out after the answers (lib/background.ts).
    await waitFor("Alice's mail arrived", () => smtp.mails.some((m) => m.to.includes(`alice-${tag}@example.test`)));
    await waitFor("Bob's failed send was logged", () => server.output().includes('"msg":"gateway: send failed"'));

    // One more app password, expired: refused at use, so not in use.
    const expired = await makeAppPassword(alice.id, { name: "Old client" });
    await db.authToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const now = new Date();
    const rows = await db.authToken.findMany({ where: { type: "app_password" }, select: { expiresAt: true } });
    const live = rows.filter((r) => r.expiresAt === null || r.expiresAt > now).length;
    expect(live).toBeGreaterThanOrEqual(2);
    expect(live).toBeLessThan(rows.length);

    // This instance's first scrape: the database counts are fresh (they are then kept for 15 s).
    const reply = await call(server.url, "/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(reply.status).toBe(200);
    expect(value(reply.body, 'gatehouse_gateway_sends_total{channel="email",result="sent"}')).toBe(1);
    expect(value(reply.body, 'gatehouse_gateway_sends_total{channel="email",result="failed"}')).toBe(1);
    expect(value(reply.body, "gatehouse_app_passwords")).toBe(live);
  });
});
