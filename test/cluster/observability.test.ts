// Threat: the operator's log leaks what it saw — a password, a TOTP secret or code, a backup code, an app password, a session or challenge cookie, the metrics token — or /metrics answers anyone.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startServer, type Server } from "@/bench/server";
import { migrate } from "@/lib/db/migrate";
import { regenerateCodes } from "@/lib/providers/backup-codes/store";
import { buildIfStale } from "@/scripts/build-if-stale";
import { basic } from "@/test/support/api";
import { enrolTotp, makeUser, totpCode } from "@/test/support/factories";
import { makeApp } from "@/test/forward-auth/support";
import { call, formFields, loopbackClient, PORTS, postForm, type Reply } from "./cluster";

const root = process.cwd();
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-observed-"));
const logFile = path.join(dir, "server.log");
const METRICS_TOKEN = randomBytes(24).toString("base64url");
let server: Server;
let base: string;
let appName = "";

/** Every secret the traffic below used: none may appear in the log. */
const secrets = new Map<string, string>([
  ["metrics token", METRICS_TOKEN],
  ["instance secret", inject("instanceSecret")],
]);
const keep = (what: string, value: string | undefined) => {
  expect(value, what).toBeTruthy();
  secrets.set(what, value!);
  return value!;
};
const cookieValue = (reply: Reply, name: string) => reply.cookies.find((c) => new RegExp(`^(__Host-)?${name}=.`).test(c));

beforeAll(async () => {
  buildIfStale(root);
  await migrate(process.env.DATABASE_URL!);
  server = await startServer({
    name: "observed",
    root,
    port: PORTS.observed,
    logFile,
    env: {
      GATEHOUSE_DATA_DIR: dir,
      DATABASE_URL: process.env.DATABASE_URL!,
      INSTANCE_SECRET: inject("instanceSecret"),
      TRUST_PROXY: "true",
      LOG_LEVEL: "debug",
      METRICS_TOKEN,
    },
  });
  base = server.url;
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(login: string, password: string, from: string): Promise<Reply> {
  const page = await call(base, "/login", { from });
  return postForm(base, "/login", [...formFields(page.body, "password"), ["login", login], ["password", password]], { from });
}

async function solve(provider: string, challenge: string, code: string, from: string): Promise<Reply> {
  const page = await call(base, `/login/challenge/${provider}`, { headers: { cookie: challenge }, from });
  return postForm(base, `/login/challenge/${provider}`, [...formFields(page.body, "code"), ["code", code]], { cookie: challenge, from });
}

describe("the server's log under real traffic", () => {
  it("is one JSON line per event, carries the request id, and contains none of the secrets used", async () => {
    const from = loopbackClient();
    const app = await makeApp({ url: `http://wiki-${randomBytes(3).toString("hex")}.gatehouse.test` });
    appName = app.name;

    // A browser: wrong password, then password + TOTP, then password + backup code.
    const alice = await makeUser({ password: keep("alice's password", `pw-${randomBytes(12).toString("base64url")}`) });
    const totpSecret = keep("TOTP secret", await enrolTotp(alice.id));
    const backup = keep("backup code", (await regenerateCodes(alice.id))[0]);
    secrets.set("backup code (bare)", backup.replace(/\W/g, ""));
    const wrong = keep("wrong password", `wrong-${randomBytes(9).toString("base64url")}`);
    expect((await signIn(alice.login, wrong, from)).status).toBe(200);

    const first = await signIn(alice.login, alice.password, from);
    const challenge = keep("challenge cookie", cookieValue(first, "gatehouse-challenge"));
    const code = keep("TOTP code", await totpCode(totpSecret));
    const done = await solve("totp", challenge, code, from);
    expect(done.status).toBe(303);
    const session = keep("session cookie", cookieValue(done, "gatehouse-session"));

    const second = await signIn(alice.login, alice.password, from);
    const withBackup = await solve("backup_codes", keep("second challenge cookie", cookieValue(second, "gatehouse-challenge")), backup, from);
    expect(withBackup.status).toBe(303);
    keep("second session cookie", cookieValue(withBackup, "gatehouse-session"));
    for (const cookie of [...first.cookies, ...done.cookies, ...second.cookies, ...withBackup.cookies])
      if (cookie.split("=")[1]) secrets.set(`cookie ${cookie}`, cookie);

    // The session at a protected app (forward auth) and on the API.
    const verifyAs = (headers: Record<string, string>) =>
      call(base, "/api/v1/auth-request", { headers: { "x-original-url": `${app.url}/page`, "x-original-method": "GET", ...headers }, from });
    expect((await verifyAs({ cookie: session })).status).toBe(200);
    expect((await call(base, "/api/v1/me", { headers: { cookie: session }, from })).status).toBe(200);

    // A client: login password swapped for an app password, used with Basic and Bearer, then revoked.
    const bob = await makeUser({ password: keep("bob's password", `pw-${randomBytes(12).toString("base64url")}`) });
    const exchanged = await call(base, "/api/v1/app-password", {
      method: "POST",
      headers: { authorization: basic(bob.login, bob.password), "content-type": "application/json" },
      body: JSON.stringify({ name: "Sync client" }),
      from,
    });
    expect(exchanged.status).toBe(201);
    const appPassword = keep("app password", (JSON.parse(exchanged.body) as { appPassword: string }).appPassword);
    expect((await call(base, "/api/v1/me", { headers: { authorization: `Bearer ${appPassword}` }, from })).status).toBe(200);
    expect((await verifyAs({ authorization: basic(bob.login, appPassword) })).status).toBe(200);
    expect((await call(base, "/api/v1/app-password", { method: "DELETE", headers: { authorization: basic(bob.login, appPassword) }, from })).status).toBe(204);
    expect((await verifyAs({ authorization: basic(bob.login, appPassword) })).status).toBe(401);

    // A request id from the proxy is kept, and a wrong password sent with it is logged under it.
    const tagged = await call(base, "/api/v1/me", { headers: { authorization: basic(bob.login, wrong), "x-request-id": "proxy-req-4711" }, from });
    expect(tagged.status).toBe(401);
    expect(tagged.headers["x-request-id"]).toBe("proxy-req-4711");
    expect((await call(base, "/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));

    const text = readFileSync(logFile, "utf8");
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    const entries = lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    // Ours are all JSON; Next prints a line of its own when it starts ("✓ Running next.config.ts…"), and "⨯ …" for an error.
    expect(
      lines.filter((l) => !l.startsWith("{") && !/^[✓▲⚠-] /.test(l)),
      "lines that are not JSON",
    ).toEqual([]);
    expect(
      entries.filter((e) => Number(e.level) >= 50),
      "errors logged",
    ).toEqual([]);
    expect(entries.some((e) => e.msg === "security event" && e.event === "sign_in.succeeded" && typeof e.reqId === "string")).toBe(true);
    expect(entries.some((e) => e.reqId === "proxy-req-4711" && e.msg === "security event" && e.event === "sign_in.failed")).toBe(true);
    expect(entries.some((e) => e.msg === "request" && e.path === "/api/v1/auth-request" && e.status === 200)).toBe(true);
    for (const [what, value] of secrets) {
      const bare = value.includes("=") ? value.slice(value.indexOf("=") + 1) : value;
      expect(text.includes(bare), `the log contains the ${what}`).toBe(false);
    }
  });
});

describe("GET /metrics", () => {
  const metrics = (authorization?: string) => call(base, "/metrics", { headers: authorization ? { authorization } : {} });

  it("asks for the Bearer token", async () => {
    expect((await metrics()).status).toBe(401);
    expect((await metrics(`Bearer ${METRICS_TOKEN.slice(0, -1)}x`)).status).toBe(401);
    expect((await metrics(`Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString("base64")}`)).status).toBe(401);
  });

  it("counts sign-ins, second factors, throttle blocks and verify decisions, and the sessions in the database", async () => {
    const from = loopbackClient();
    for (let i = 0; i < 11; i++) await call(base, "/api/v1/me", { headers: { authorization: basic(`nobody-${i}`, "guess") }, from });
    const reply = await metrics(`Bearer ${METRICS_TOKEN}`);
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}()".]/g, "\\$&")} (\\S+)$`, "m").exec(reply.body)?.[1] ?? NaN);
    // The address's backoff soon exceeds what is served by waiting: the rest are refused (429) and counted as blocks.
    expect(value('gatehouse_sign_ins_total{method="api_basic",result="failed"}')).toBeGreaterThanOrEqual(4);
    expect(value('gatehouse_sign_ins_total{method="api_basic",result="throttled"}')).toBeGreaterThanOrEqual(1);
    expect(value('gatehouse_throttle_blocks_total{action="api_basic",scope="address"}')).toBeGreaterThanOrEqual(1);
    expect(value('gatehouse_sign_ins_total{method="login",result="ok"}')).toBeGreaterThanOrEqual(2);
    expect(value('gatehouse_second_factor_total{provider="totp",result="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value('gatehouse_second_factor_total{provider="backup_codes",result="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value(`gatehouse_verify_decisions_total{app="${appName}",result="allowed"}`)).toBe(2);
    expect(value(`gatehouse_verify_decisions_total{app="${appName}",result="unauthenticated"}`)).toBe(1);
    expect(value('gatehouse_request_duration_seconds_count{route="sign_in"}')).toBeGreaterThanOrEqual(3);
    expect(value('gatehouse_request_duration_seconds_count{route="verify"}')).toBeGreaterThanOrEqual(3);
    expect(value('gatehouse_request_duration_seconds_count{route="api"}')).toBeGreaterThanOrEqual(10);
    expect(value("gatehouse_sessions")).toBeGreaterThanOrEqual(2);
    // gatehouse_app_passwords, exactly, and gateway sends: test/cluster/metrics.test.ts.
  });
});
