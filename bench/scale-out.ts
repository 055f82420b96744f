/**
 * Scenario 13, scale-out (issue #20): the verify endpoint (session cookie, Basic
 * app password) and password sign-ins against one instance and against two
 * instances on the same PostgreSQL database, in the same run.
 *
 * The two-instance load reaches the instances two ways, both measured:
 *   - through nginx as a round-robin load balancer (the `upstream` of
 *     deploy/nginx/gatehouse.conf, on plain HTTP): what production runs. Its
 *     one-instance partner is the same nginx with A alone in its upstream, so
 *     both pay for the proxy hop;
 *   - directly, the load generator's connections split between A and B (two
 *     load generators in one): no proxy on the machine's two cores, so the
 *     instances' own scaling shows.
 * Sign-ins go direct only: the bench's instances do not trust a proxy
 * (TRUST_PROXY off, as everywhere in the bench), so through nginx every sign-in
 * would come from nginx's one address, which the sign-in line holds to 4 places.
 * Each sign-in connection sends from its own loopback address, as scenario 6.
 *
 * Interleaved rounds; each pair (one, two) runs back to back in a round and its
 * ratio is the median of the same-round ratios. Besides the instances' CPU, each
 * segment records what else the machine spent per request — the database's
 * backends for this database, nginx, the load generator (this process) — and how
 * busy all cores were, which is what bounds the ratio on a small machine: the
 * "CPU ceiling" is the throughput all cores would give at the two-instance run's
 * cost per request, as a multiple of the one-instance throughput.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { basic, cli, createAppPassword, loginPost } from "./client";
import { run, runFrom, start, summarize, type Segment, type Summary, type Target } from "./load";
import { childPids, cpuTimes, type Server } from "./server";
import { quantile, round, sleep } from "./stats";
import { hasNginx, nginxMainConf, startNginx } from "../test/support/nginx";

/** As scenario 12: enough connections to keep two instances busy. */
const VERIFY_CONNECTIONS = 50;
/** As scenario 6: each connection its own address, 5 per instance with two. */
const SIGN_IN_CONNECTIONS = 10;
/** Issue #20: two instances should verify at ≥ 1.6× one instance's rate. */
export const SCALE_OUT_TARGET = 1.6;
/** A two-instance segment in which one instance did less than this share of the work did not spread the load. */
const MIN_SHARE = 0.2;

export type ScaleOutContext = {
  root: string;
  env: Record<string, string>;
  a: Server;
  /** The second instance on the same database (started once, shared with scenario 8). */
  second: () => Promise<Server>;
  databaseUrl: string;
  /** Two free ports from here on: nginx with A alone, nginx with A and B. */
  portBase: number;
  cookie: string;
  login: string;
  password: string;
  /** The user whose password sign-ins are timed, and the sign-in form's hidden fields. */
  signInLogin: string;
  fields: [string, string][];
  mode: { warmup: number; segment: number; rounds: number };
  row: (id: string, title: string, s: Summary | null, baseline: Summary | null, note?: string, ratio?: number | null) => unknown;
  check: (name: string, problems: string[]) => void;
  say: (line: string) => void;
};

type Variant = { id: string; instances: Server[]; drive: (seconds: number) => Promise<Segment> };
/** `via`: who spreads the two-instance load — nginx's round robin, or the load generator's fixed split of its connections. */
type Pair = { id: string; title: string; via: "nginx" | "direct"; one: Variant; two: Variant; target: boolean };

/** CPU seconds spent during one segment, by whom; and by the whole machine (busy, and all its cores' time). */
type Costs = { perInstance: number[]; postgres: number | null; nginx: number | null; generator: number; machine: Ticks | null };
type Measured = Segment & { costs: Costs };

export type VariantResult = {
  id: string;
  rps: number | null;
  p50: number | null;
  p99: number | null;
  /** CPU milliseconds per request. */
  ms: { instances: number | null; postgres: number | null; nginx: number | null; generator: number | null; total: number | null };
  /** Each instance's share of the instances' CPU (two-instance variants). */
  shares: number[];
  /** How busy all cores were, and how much of them went to processes other than the bench's (other work on the machine). */
  machineBusyPercent: number | null;
  othersPercent: number | null;
};

export type PairResult = { id: string; target: boolean; one: VariantResult; two: VariantResult; ratio: number | null; ceiling: number | null };

export type ScaleOutResult = { nginx: boolean; cores: number; seconds: number | null; pairs: PairResult[] };

export async function scaleOutBench(ctx: ScaleOutContext): Promise<ScaleOutResult> {
  const began = performance.now();
  const cores = os.availableParallelism();
  const b = await ctx.second();
  await cli(ctx.root, ctx.env, ["app:add", "bench-scale-out", "--url", "http://scale.bench.test"]);
  const appPassword = await createAppPassword(ctx.a.url, ctx.login, ctx.password, "bench scale-out");
  const credentials: { id: string; title: string; headers: Record<string, string> }[] = [
    { id: "session", title: "session cookie", headers: { cookie: ctx.cookie } },
    { id: "basic", title: "Basic app password", headers: { authorization: basic(ctx.login, appPassword) } },
  ];
  const verify = (base: string, headers: Record<string, string>): Target => ({
    url: `${base}/api/v1/auth-request`,
    headers: { ...headers, "x-original-url": "http://scale.bench.test/calendar/", "x-original-method": "GET" },
    expect: 200,
  });
  // The protected apps are a snapshot each instance refreshes from the database: wait until both know the new one.
  for (const server of [ctx.a, b]) for (const c of credentials) await answers(verify(server.url, c.headers));

  const database = new pg.Client({ connectionString: ctx.databaseUrl });
  await database.connect();
  let nginx: Balancer | null = null;
  try {
    nginx = hasNginx() ? await startBalancer(ctx.portBase, ctx.a.url, b.url) : null;
    const pairs: Pair[] = [];
    if (nginx) {
      for (const c of credentials)
        pairs.push({
          id: `so-verify-${c.id}-nginx`,
          title: `verify, ${c.title}, through nginx`,
          via: "nginx",
          target: true,
          one: closedLoop(`so-verify-${c.id}-nginx-1`, [ctx.a], [verify(nginx.one, c.headers)]),
          two: closedLoop(`so-verify-${c.id}-nginx-2`, [ctx.a, b], [verify(nginx.two, c.headers)]),
        });
    } else ctx.say("nginx not installed: the scale-out scenarios through a load balancer are skipped");
    for (const c of credentials)
      pairs.push({
        id: `so-verify-${c.id}-direct`,
        title: `verify, ${c.title}, connections split over the instances`,
        via: "direct",
        target: true,
        one: closedLoop(`so-verify-${c.id}-direct-1`, [ctx.a], [verify(ctx.a.url, c.headers)]),
        two: closedLoop(`so-verify-${c.id}-direct-2`, [ctx.a, b], [verify(ctx.a.url, c.headers), verify(b.url, c.headers)]),
      });
    const signIn = (server: Server): Target => ({
      url: `${server.url}/login`,
      method: "POST",
      ...loginPost(server.url, ctx.fields, ctx.signInLogin, ctx.password),
      expect: 303,
    });
    pairs.push({
      id: "so-sign-in",
      title: `POST /login (sign-in), ${SIGN_IN_CONNECTIONS} connections split over the instances`,
      via: "direct",
      target: false,
      one: { id: "so-sign-in-1", instances: [ctx.a], drive: (s) => runFrom([signIn(ctx.a)], SIGN_IN_CONNECTIONS, s) },
      two: { id: "so-sign-in-2", instances: [ctx.a, b], drive: (s) => runFrom([signIn(ctx.a), signIn(b)], SIGN_IN_CONNECTIONS, s) },
    });

    const probe = probes(database, nginx?.process.pid);
    const segments = new Map<string, Measured[]>(pairs.flatMap((p) => [p.one, p.two]).map((v) => [v.id, []]));
    if (ctx.mode.warmup > 0)
      for (const v of pairs.flatMap((p) => [p.one, p.two])) {
        ctx.say(`scale-out warm-up ${v.id}`);
        ctx.check(`warm-up ${v.id}`, (await v.drive(ctx.mode.warmup)).problems);
      }
    for (let r = 0; r < ctx.mode.rounds; r++) {
      for (let i = 0; i < pairs.length; i++) {
        const pair = pairs[(i + r) % pairs.length]!;
        for (const v of r % 2 ? [pair.two, pair.one] : [pair.one, pair.two]) {
          ctx.say(`scale-out round ${r + 1}/${ctx.mode.rounds} ${v.id}`);
          segments.get(v.id)!.push(await measure(v, ctx.mode.segment, probe));
        }
      }
    }

    const results = pairs.map((pair) => report(ctx, pair, segments.get(pair.one.id)!, segments.get(pair.two.id)!, cores));
    // An upstream error makes nginx take that instance out of the round robin for a while (max_fails): the two-instance figure would be one instance's.
    if (nginx) ctx.check("nginx balancer logged no errors", nginx.errors());
    const seconds = round((performance.now() - began) / 1000);
    ctx.say(`scale-out took ${seconds} s`);
    return { nginx: nginx !== null, cores, seconds, pairs: results };
  } finally {
    await nginx?.stop();
    await database.end();
  }
}

/** A closed-loop load of VERIFY_CONNECTIONS in all, split evenly over `targets` (one autocannon each, in this process). */
function closedLoop(id: string, instances: Server[], targets: Target[]): Variant {
  return {
    id,
    instances,
    async drive(seconds) {
      if (targets.length === 1) return run(targets[0]!, VERIFY_CONNECTIONS, seconds);
      const parts = await Promise.all(targets.map((t) => start(t, VERIFY_CONNECTIONS / targets.length, seconds).done));
      return {
        seconds: Math.max(...parts.map((p) => p.seconds)),
        responses: parts.flatMap((p) => p.responses),
        problems: [...new Set(parts.flatMap((p) => p.problems))],
      };
    },
  };
}

type Reading = {
  instances: { main: number; all: number }[];
  postgres: Map<number, number> | null;
  nginx: number | null;
  generator: number;
  machine: Ticks | null;
};

function probes(database: pg.Client, nginxPid: number | undefined) {
  return async (instances: Server[]): Promise<Reading> => {
    const postgres = await postgresBackends(database);
    const usage = process.cpuUsage();
    return {
      instances: instances.map((s) => s.cpu() ?? { main: Number.NaN, all: Number.NaN }),
      postgres,
      nginx: nginxPid === undefined ? null : treeCpu(nginxPid),
      generator: (usage.user + usage.system) / 1e6,
      machine: machineTicks(),
    };
  };
}

async function measure(v: Variant, seconds: number, read: (instances: Server[]) => Promise<Reading>): Promise<Measured> {
  const before = await read(v.instances);
  const segment = await v.drive(seconds);
  const after = await read(v.instances);
  const main = after.instances.reduce((sum, t, i) => sum + t.main - before.instances[i]!.main, 0);
  const perInstance = after.instances.map((t, i) => t.all - before.instances[i]!.all);
  let postgres: number | null = null;
  if (before.postgres && after.postgres && after.postgres.size > 0)
    postgres = [...after.postgres].reduce((sum, [pid, cpu]) => sum + cpu - (before.postgres!.get(pid) ?? 0), 0);
  const machine =
    before.machine && after.machine ? { busy: after.machine.busy - before.machine.busy, total: after.machine.total - before.machine.total } : null;
  return {
    ...segment,
    cpu: { main, all: perInstance.reduce((x, y) => x + y, 0) },
    costs: {
      perInstance,
      postgres,
      nginx: before.nginx !== null && after.nginx !== null ? after.nginx - before.nginx : null,
      generator: after.generator - before.generator,
      machine,
    },
  };
}

function variantResult(id: string, segments: Measured[], summary: Summary): VariantResult {
  const n = Math.max(1, summary.requests);
  const sum = (pick: (c: Costs) => number | null) => {
    const values = segments.map((s) => pick(s.costs));
    return values.some((v) => v === null) ? null : (1000 * values.reduce((a: number, v) => a + v!, 0)) / n;
  };
  const instances = sum((c) => c.perInstance.reduce((a, b) => a + b, 0));
  const postgres = sum((c) => c.postgres);
  const nginx = sum((c) => c.nginx);
  const generator = sum((c) => c.generator);
  const perInstance = segments[0]!.costs.perInstance.map((_, i) => segments.reduce((a, s) => a + s.costs.perInstance[i]!, 0));
  const instanceTotal = perInstance.reduce((a, b) => a + b, 0);
  const machine = segments.every((s) => s.costs.machine)
    ? segments.reduce((m, s) => ({ busy: m.busy + s.costs.machine!.busy, total: m.total + s.costs.machine!.total }), { busy: 0, total: 0 })
    : null;
  const ours = segments.reduce(
    (a, s) => a + s.costs.perInstance.reduce((x, y) => x + y, 0) + (s.costs.postgres ?? 0) + (s.costs.nginx ?? 0) + s.costs.generator,
    0,
  );
  return {
    id,
    rps: round(summary.rps),
    p50: round(summary.p50),
    p99: round(summary.p99),
    ms: {
      instances: instances === null ? null : round(instances, 3),
      postgres: postgres === null ? null : round(postgres, 3),
      nginx: nginx === null ? null : round(nginx, 3),
      generator: generator === null ? null : round(generator, 3),
      total: instances === null ? null : round(instances + (postgres ?? 0) + (nginx ?? 0) + (generator ?? 0), 3),
    },
    shares: perInstance.map((c) => round(c / Math.max(1e-9, instanceTotal), 2) ?? 0),
    machineBusyPercent: machine ? round((100 * machine.busy) / Math.max(1e-9, machine.total)) : null,
    othersPercent: machine ? round((100 * Math.max(0, machine.busy - ours)) / Math.max(1e-9, machine.total)) : null,
  };
}

function report(ctx: ScaleOutContext, pair: Pair, ones: Measured[], twos: Measured[], cores: number): PairResult {
  const [oneSummary, twoSummary] = [summarize(ones), summarize(twos)];
  const one = variantResult(pair.one.id, ones, oneSummary);
  const two = variantResult(pair.two.id, twos, twoSummary);
  const rps = (s: Segment) => s.responses.length / s.seconds;
  const ratio = quantile(
    twos.map((s, i) => rps(s) / rps(ones[i]!)),
    0.5,
  );
  const ceiling = two.ms.total && one.rps ? (cores * 1000) / two.ms.total / one.rps : null;
  const costs = (v: VariantResult) =>
    [
      `per request: PostgreSQL ${ms(v.ms.postgres)}`,
      ...(pair.via === "nginx" ? [`nginx ${ms(v.ms.nginx)}`] : []),
      `load generator ${ms(v.ms.generator)} ms`,
      `machine ${v.machineBusyPercent ?? "n/a"} % busy (${v.othersPercent ?? "n/a"} % other processes)`,
    ].join(", ");
  ctx.row(pair.one.id, `13. ${pair.title}: 1 instance (A)`, oneSummary, null, costs(one), null);
  ctx.row(
    pair.two.id,
    `13. ${pair.title}: 2 instances (A+B), × one`,
    twoSummary,
    null,
    `${costs(two)}; A ${pct(two.shares[0])} / B ${pct(two.shares[1])} of the instances' CPU; CPU ceiling ${ceiling === null ? "n/a" : `${ceiling.toFixed(2)}×`}`,
    ratio,
  );
  ctx.check(`scenario ${pair.one.id}`, oneSummary.problems);
  // Round robin gives each instance every other request; an instance that did far less of the work was taken out
  // of it (an upstream error). A direct split is fixed by construction (half the connections each), and in a closed
  // loop the instance the scheduler favours does more: its shares are shown, not checked.
  const spread = twos.flatMap((s, r) => {
    if (pair.via !== "nginx") return [];
    const total = s.costs.perInstance.reduce((a, b) => a + b, 0);
    return s.costs.perInstance.flatMap((c, i) =>
      c < MIN_SHARE * total ? [`round ${r + 1}: ${pair.two.instances[i]!.name} did ${pct(c / Math.max(1e-9, total))} of the instances' work`] : [],
    );
  });
  ctx.check(`scenario ${pair.two.id} (load on both instances)`, [...twoSummary.problems, ...spread]);
  return { id: pair.id, target: pair.target, one, two, ratio: round(ratio, 2), ceiling: ceiling === null ? null : round(ceiling, 2) };
}

/** Issue #20's target, from the same run (informational, as the others). */
export function scaleOutTargets(details: ScaleOutResult | undefined) {
  return (details?.pairs ?? [])
    .filter((p) => p.target)
    .map((p) => ({
      target: `${p.id}: 2 instances ≥ ${SCALE_OUT_TARGET}× 1 instance req/s (CPU ceiling here ${p.ceiling ?? "n/a"}×)`,
      value: p.ratio,
      met: p.ratio === null ? null : p.ratio >= SCALE_OUT_TARGET,
    }));
}

const ms = (v: number | null) => (v === null ? "n/a" : v.toFixed(2));
const pct = (v: number | undefined) => (v === undefined ? "n/a" : `${Math.round(100 * v)} %`);

/** Waits (≤ 10 s) until `target` answers as expected. */
async function answers(target: Target): Promise<void> {
  let last = "";
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(target.url, { headers: target.headers });
      await res.arrayBuffer();
      if (res.status === target.expect) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message; // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${target.url} did not answer ${target.expect} (last: ${last})`);
}

/** CPU seconds of this database's backend processes, by pid (null when none can be read: a database on another host). */
async function postgresBackends(database: pg.Client): Promise<Map<number, number> | null> {
  const { rows } = await database.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const t = cpuTimes(pid);
    if (t) cpu.set(pid, t.all);
  }
  return cpu.size ? cpu : null;
}

/** CPU seconds of a process and its children (nginx's master and worker). */
function treeCpu(pid: number): number | null {
  const own = cpuTimes(pid);
  if (!own) return null;
  try {
    return own.all + childPids(pid).reduce((sum, child) => sum + (treeCpu(child) ?? 0), 0);
  } catch {
    return own.all;
  }
}

type Ticks = { busy: number; total: number };

/** All cores' time from /proc/stat, in seconds (USER_HZ ticks of 10 ms): busy (everything but idle and iowait) and total. */
function machineTicks(): Ticks | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: (total - fields[3]! - fields[4]!) / 100, total: total / 100 };
  } catch {
    return null;
  }
}

/** nginx as docs/deployment.md's balancer: on `port`, A alone in the upstream; on `port + 1`, A and B round robin. */
type Balancer = { one: string; two: string; process: ChildProcess; errors(): string[]; stop(): Promise<void> };

async function startBalancer(port: number, a: string, b: string): Promise<Balancer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-balancer-"));
  const host = (url: string) => url.slice("http://".length);
  // deploy/nginx/gatehouse.conf's proxy settings; keepalive 64 (the deployed file has 16) so that 50 busy
  // connections do not make nginx reconnect to the instances: the bench measures them, not reconnects.
  const site = (listen: number, upstream: string) => `
  server {
    listen 127.0.0.1:${listen};
    location / {
      proxy_pass http://${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Request-Id $request_id;
      proxy_next_upstream error timeout;
    }
  }`;
  const http = `  upstream one { server ${host(a)}; keepalive 64; }
  upstream two { server ${host(a)}; server ${host(b)}; keepalive 64; }
${site(port, "one")}
${site(port + 1, "two")}`;
  const nginx = await startNginx(dir, nginxMainConf(dir, http), [port, port + 1]).catch((error: Error) => {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`nginx (balancer) did not start: ${error.message}`);
  });
  const stop = async () => {
    await nginx.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  /** The error log's lines at level error or worse (upstream failures among them), at most 10. */
  const errors = () => {
    try {
      return readFileSync(nginx.errorLog, "utf8")
        .split("\n")
        .filter((line) => /\[(error|crit|alert|emerg)\]/.test(line))
        .slice(0, 10)
        .map((line) => line.slice(0, 200));
    } catch {
      return [];
    }
  };
  return { one: `http://127.0.0.1:${port}`, two: `http://127.0.0.1:${port + 1}`, process: nginx.process, errors, stop };
}
