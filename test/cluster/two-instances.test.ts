// Threat: a second instance on the same database forgets what the first decided — a revoked session or app password still works there, throttles count per instance, a TOTP or backup code is accepted once on each, a client flow granted on one is handed out twice (once per instance) or not at all, or two instances starting together apply the migrations twice.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { revokeDevice } from "@/lib/auth/devices";
import { DEVICE_GRANT_TYPE, findDeviceGrant } from "@/lib/client-flows/device-grant";
import { decideGrant } from "@/lib/client-flows/grants";
import { db } from "@/lib/db";
import { migrationsFor } from "@/lib/db/migrate";
import { regenerateCodes } from "@/lib/providers/backup-codes/store";
import { buildIfStale } from "@/scripts/build-if-stale";
import { basic } from "@/test/support/api";
import { enrolTotp, makeAppPassword, makeUser, META, totpCode } from "@/test/support/factories";
import { call, formFields, loopbackClient, PORTS, postForm, startCluster, testBalancer, type Cluster, type Reply } from "./cluster";

const databaseUrl = inject("postgresUrl");
if (!databaseUrl) console.warn("cluster suite skipped: set TEST_POSTGRES_URL to a PostgreSQL database whose role may CREATE DATABASE");

const root = process.cwd();

// Small limits so that a few requests reach them (both servers and this process read the same values).
const THROTTLE = { THROTTLE_MAX_FAILURES: "10", THROTTLE_MAX_DELAY_SECONDS: "1", THROTTLE_ACCOUNT_FAILURES: "1", THROTTLE_ACCOUNT_MAX_FAILURES: "4" };

let cluster: Cluster;
const instances = () => [cluster.a.url, cluster.b.url] as const;

async function signInForm(base: string, from: string): Promise<[string, string][]> {
  const page = await call(base, "/login", { from });
  expect(page.status).toBe(200);
  return formFields(page.body, "password");
}

/** The password step on `base`: the challenge cookie (a user with a second factor) or the session cookie. */
async function passwordStep(base: string, login: string, password: string, from: string): Promise<Reply> {
  return postForm(base, "/login", [...(await signInForm(base, from)), ["login", login], ["password", password]], { from });
}

const cookieNamed = (reply: Reply, name: string) => reply.cookies.find((c) => new RegExp(`^(__Host-)?${name}=.`).test(c));

/** The second step on `base`: opens the provider's page with the challenge cookie and posts `code`. */
async function answerChallenge(base: string, provider: string, challenge: string, code: string, from: string): Promise<Reply> {
  const page = await call(base, `/login/challenge/${provider}`, { headers: { cookie: challenge }, from });
  expect(page.status).toBe(200);
  return postForm(base, `/login/challenge/${provider}`, [...formFields(page.body, "code"), ["code", code]], { cookie: challenge, from });
}

async function challengeFor(base: string, user: { login: string; password: string }, from: string): Promise<string> {
  const step = await passwordStep(base, user.login, user.password, from);
  expect(step.status).toBe(303);
  const cookie = cookieNamed(step, "gatehouse-challenge");
  expect(cookie).toBeDefined();
  return cookie!;
}

const me = (base: string, headers: Record<string, string>, from?: string) => call(base, "/api/v1/me", { headers, from });

/** A client-flow request as a client sends it: form-encoded, from its own address. */
const clientPost = (base: string, pathname: string, fields: Record<string, string>, from: string) =>
  call(base, pathname, {
    method: "POST",
    from,
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "TestSync/2.1 (Linux)" },
  });

/** Login Flow v2 started on `base`: the poll token and the page token of its `login` URL. */
async function startLoginFlow(base: string, from: string): Promise<{ token: string; pageToken: string }> {
  const started = await clientPost(base, "/api/v1/login/flow", {}, from);
  expect(started.status).toBe(200);
  const flow = JSON.parse(started.body) as { poll: { token: string }; login: string };
  return { token: flow.poll.token, pageToken: flow.login.split("/connect/")[1]! };
}

const pollLoginFlow = (base: string, token: string, from: string) => clientPost(base, "/api/v1/login/flow/poll", { token }, from);

/** A device authorization started on `base`: its device code and user code. */
async function startDeviceFlow(base: string, from: string): Promise<{ deviceCode: string; userCode: string }> {
  const started = await clientPost(base, "/api/v1/device/code", { client_id: "tv-app" }, from);
  expect(started.status).toBe(200);
  const body = JSON.parse(started.body) as { device_code: string; user_code: string };
  return { deviceCode: body.device_code, userCode: body.user_code };
}

const pollDevice = (base: string, deviceCode: string, from: string) =>
  clientPost(base, "/api/v1/device/token", { grant_type: DEVICE_GRANT_TYPE, device_code: deviceCode }, from);

const oauthErrorOf = (reply: Reply) => (JSON.parse(reply.body) as { error?: string }).error;

/** What the grant page's action does once the user said yes (app/(app)/connect/actions.ts, as test/client-flows does). */
async function grantLoginFlow(userId: string, pageToken: string) {
  expect(await decideGrant(userId, "login_flow", pageToken, { grant: true, name: "Laptop sync" }, META)).toMatchObject({
    ok: true,
    data: { status: "granted" },
  });
}

async function grantDevice(userId: string, userCode: string) {
  const found = await findDeviceGrant(userId, userCode, META);
  expect(found).toMatchObject({ ok: true });
  const code = (found as { code: string }).code;
  expect(await decideGrant(userId, "device", code, { grant: true, name: "Living-room TV" }, META)).toMatchObject({ ok: true, data: { status: "granted" } });
}

describe.skipIf(!databaseUrl)("two instances on one PostgreSQL database behind nginx (round robin)", () => {
  beforeAll(async () => {
    buildIfStale(root);
    // Empty, whichever file of the suite ran first: both servers find nothing applied and race to migrate.
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    await admin.end();
    cluster = await startCluster({
      root,
      ports: PORTS,
      balancer: testBalancer(PORTS),
      env: { DATABASE_URL: databaseUrl, INSTANCE_SECRET: inject("instanceSecret"), TRUST_PROXY: "true", ...THROTTLE },
    });
    Object.assign(process.env, THROTTLE);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("applies the migrations once when both start at the same moment", async () => {
    const rows = await db.$queryRawUnsafe<{ migration_name: string; n: bigint }[]>(
      `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL GROUP BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name).sort()).toEqual(migrationsFor("postgresql").map((m) => m.name));
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    const said = [cluster.a, cluster.b].map((s) => /Applied \d+ database migration/.test(s.output()));
    expect(said.filter(Boolean)).toHaveLength(1);
  });

  it("sends requests to both instances in turn", async () => {
    const upstreams = new Set<string>();
    for (let i = 0; i < 4; i++) upstreams.add(String((await call(cluster.balancer, "/api/health")).headers["x-test-upstream"]));
    expect([...upstreams].sort()).toEqual([`127.0.0.1:${PORTS.a}`, `127.0.0.1:${PORTS.b}`]);
  });

  it("refuses an app password on B (and through the balancer) once A revoked it", async () => {
    const user = await makeUser();
    const { secret } = await makeAppPassword(user.id);
    const auth = { authorization: basic(user.login, secret) };
    for (const base of [...instances(), cluster.balancer, cluster.balancer]) expect((await me(base, auth)).status).toBe(200);
    expect((await call(cluster.a.url, "/api/v1/app-password", { method: "DELETE", headers: auth })).status).toBe(204);
    expect((await me(cluster.b.url, auth, loopbackClient())).status).toBe(401);
    // Both upstreams, from fresh addresses (the same one would soon be throttled for its wrong credentials).
    for (const from of [loopbackClient(), loopbackClient()]) expect((await me(cluster.balancer, auth, from)).status).toBe(401);
  });

  it("refuses a browser session on B's next request once it is revoked (signed in on A)", async () => {
    const user = await makeUser();
    const from = loopbackClient();
    const step = await passwordStep(cluster.a.url, user.login, user.password, from);
    expect(step.status).toBe(303);
    const session = cookieNamed(step, "gatehouse-session")!;
    const onB = await me(cluster.b.url, { cookie: session }, from);
    expect(onB.status).toBe(200);
    const { auth } = JSON.parse(onB.body) as { auth: { type: string; tokenId: number } };
    expect(auth.type).toBe("session");
    // What the devices page's "Sign out" button calls.
    expect((await revokeDevice(user.id, auth.tokenId)).ok).toBe(true);
    expect((await me(cluster.b.url, { cookie: session }, from)).status).toBe(401);
    expect((await me(cluster.a.url, { cookie: session }, from)).status).toBe(401);
  });

  it("counts an address's wrong passwords on both instances: after 10 spread over A and B, both refuse it", async () => {
    const user = await makeUser();
    const from = loopbackClient();
    // Ten accounts, so that only the address's counter (THROTTLE_MAX_FAILURES) is reached.
    for (let i = 0; i < 10; i++) expect((await me(instances()[i % 2]!, { authorization: basic(`nobody-${i}-${user.login}`, "guess") }, from)).status).toBe(401);
    for (const base of instances()) {
      const refused = await me(base, { authorization: basic(user.login, user.password) }, from);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    }
    // Another address is not blocked by this one.
    expect((await me(cluster.b.url, { authorization: basic(user.login, user.password) }, loopbackClient())).status).toBe(200);
  });

  it("counts an account's wrong passwords from many addresses on both instances, through the balancer", async () => {
    const user = await makeUser();
    const wrong = { authorization: basic(user.login, "not the password") };
    const upstreams = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const reply = await me(cluster.balancer, wrong, loopbackClient());
      expect(reply.status).toBe(401);
      upstreams.add(String(reply.headers["x-test-upstream"]));
    }
    expect(upstreams.size).toBe(2);
    // THROTTLE_ACCOUNT_MAX_FAILURES (4) reached: a new address is refused on either instance, even with the right password.
    for (const base of instances()) expect((await me(base, { authorization: basic(user.login, user.password) }, loopbackClient())).status).toBe(429);
  });

  it("finishes on B a sign-in begun on A (password on A, TOTP on B)", async () => {
    const user = await makeUser();
    const secret = await enrolTotp(user.id);
    const from = loopbackClient();
    const challenge = await challengeFor(cluster.a.url, user, from);
    const done = await answerChallenge(cluster.b.url, "totp", challenge, await totpCode(secret), from);
    expect(done.status).toBe(303);
    const session = cookieNamed(done, "gatehouse-session");
    expect(session).toBeDefined();
    for (const base of instances()) expect((await me(base, { cookie: session! }, from)).status).toBe(200);
  });

  it("refuses on B a TOTP code already used on A", async () => {
    const user = await makeUser();
    const secret = await enrolTotp(user.id);
    const from = loopbackClient();
    const [first, second] = [await challengeFor(cluster.a.url, user, from), await challengeFor(cluster.b.url, user, from)];
    const code = await totpCode(secret);
    const onA = await answerChallenge(cluster.a.url, "totp", first, code, from);
    expect(onA.status).toBe(303);
    const onB = await answerChallenge(cluster.b.url, "totp", second, code, from);
    expect(onB.status).toBe(200);
    expect(cookieNamed(onB, "gatehouse-session")).toBeUndefined();
  });

  it("accepts a backup code raced on A and B exactly once", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    const [code] = await regenerateCodes(user.id);
    const from = loopbackClient();
    const challenges = [await challengeFor(cluster.a.url, user, from), await challengeFor(cluster.b.url, user, from)];
    const pages = await Promise.all(instances().map((base, i) => call(base, "/login/challenge/backup_codes", { headers: { cookie: challenges[i]! }, from })));
    const replies = await Promise.all(
      instances().map((base, i) =>
        postForm(base, "/login/challenge/backup_codes", [...formFields(pages[i]!.body, "code"), ["code", code!]], { cookie: challenges[i]!, from }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 303]);
    expect(replies.filter((r) => cookieNamed(r, "gatehouse-session"))).toHaveLength(1);
  });

  it("lets each instance hash its own sign-ins: one address's 4 places in line are per instance", async () => {
    // The sign-in line (lib/net/sign-in-gate.ts) is per process: N instances hash N sign-ins at once, each one at a time.
    const user = await makeUser();
    const from = loopbackClient();
    const fields = await Promise.all(instances().map((b) => signInForm(b, from)));
    const post = (i: number) => postForm(instances()[i]!, "/login", [...fields[i]!, ["login", user.login], ["password", user.password]], { from });
    const spread = await Promise.all([0, 1, 0, 1, 0, 1, 0, 1].map(post));
    expect(spread.filter((r) => r.status === 503)).toHaveLength(0);
    const oneInstance = await Promise.all([0, 0, 0, 0, 0, 0, 0, 0].map(post));
    expect(oneInstance.filter((r) => r.status === 503).length).toBeGreaterThan(0);
    expect(oneInstance.filter((r) => r.status === 303).length).toBeGreaterThanOrEqual(4);
  });

  it("hands out on B a Login Flow v2 started on A and granted there: 404 before, the app password once, then 404", async () => {
    const user = await makeUser();
    const from = loopbackClient();
    const flow = await startLoginFlow(cluster.a.url, from);
    expect((await pollLoginFlow(cluster.b.url, flow.token, from)).status).toBe(404);
    await grantLoginFlow(user.id, flow.pageToken);
    const issued = await pollLoginFlow(cluster.b.url, flow.token, from);
    expect(issued.status).toBe(200);
    const body = JSON.parse(issued.body) as { server: string; loginName: string; appPassword: string };
    expect(Object.keys(body).sort()).toEqual(["appPassword", "loginName", "server"]);
    expect(body.loginName).toBe(user.login);
    for (const base of instances()) expect((await pollLoginFlow(base, flow.token, from)).status).toBe(404);
    const who = await me(cluster.a.url, { authorization: `Bearer ${body.appPassword}` }, from);
    expect(who.status).toBe(200);
    expect(JSON.parse(who.body)).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
    expect(await db.authToken.count({ where: { userId: user.id, type: "app_password" } })).toBe(1);
  });

  it("hands out on B a device code started on A and approved: authorization_pending, the access token once, then invalid_grant", async () => {
    const user = await makeUser();
    const from = loopbackClient();
    const device = await startDeviceFlow(cluster.a.url, from);
    const pending = await pollDevice(cluster.b.url, device.deviceCode, from);
    expect([pending.status, oauthErrorOf(pending)]).toEqual([400, "authorization_pending"]);
    await grantDevice(user.id, device.userCode);
    const issued = await pollDevice(cluster.b.url, device.deviceCode, from);
    expect(issued.status).toBe(200);
    const body = JSON.parse(issued.body) as { access_token: string; token_type: string };
    expect(body.token_type).toBe("Bearer");
    for (const base of instances()) {
      const spent = await pollDevice(base, device.deviceCode, from);
      expect([spent.status, oauthErrorOf(spent)]).toEqual([400, "invalid_grant"]);
    }
    const who = await me(cluster.a.url, { authorization: `Bearer ${body.access_token}` }, from);
    expect(who.status).toBe(200);
    expect(JSON.parse(who.body)).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
    expect(await db.authToken.count({ where: { userId: user.id, type: "app_password" } })).toBe(1);
  });

  it("hands a granted client flow out exactly once when A and B are polled at the same moment", async () => {
    // Several flows of each kind, each polled on A and on B at once: one poll wins each, the other finds it spent.
    const user = await makeUser();
    const from = loopbackClient();
    const flows = await Promise.all([0, 1, 2].map(() => startLoginFlow(cluster.a.url, from)));
    const devices = await Promise.all([0, 1, 2].map(() => startDeviceFlow(cluster.a.url, from)));
    for (const f of flows) await grantLoginFlow(user.id, f.pageToken);
    for (const d of devices) await grantDevice(user.id, d.userCode);
    const loginRaces = await Promise.all(flows.map((f) => Promise.all(instances().map((base) => pollLoginFlow(base, f.token, from)))));
    const deviceRaces = await Promise.all(devices.map((d) => Promise.all(instances().map((base) => pollDevice(base, d.deviceCode, from)))));
    for (const race of loginRaces) expect(race.map((r) => r.status).sort()).toEqual([200, 404]);
    for (const race of deviceRaces) {
      expect(race.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(oauthErrorOf(race.find((r) => r.status === 400)!)).toBe("invalid_grant");
    }
    const secrets = [
      ...loginRaces.map((race) => (JSON.parse(race.find((r) => r.status === 200)!.body) as { appPassword: string }).appPassword),
      ...deviceRaces.map((race) => (JSON.parse(race.find((r) => r.status === 200)!.body) as { access_token: string }).access_token),
    ];
    expect(new Set(secrets).size).toBe(6);
    expect(await db.authToken.count({ where: { userId: user.id, type: "app_password" } })).toBe(6);
    for (const secret of secrets) expect((await me(cluster.a.url, { authorization: `Bearer ${secret}` }, from)).status).toBe(200);
  });
});
