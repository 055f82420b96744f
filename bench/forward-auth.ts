/**
 * Scenario 9, forward auth (docs/protecting-apps.md): the verify endpoint with a
 * session cookie and with a Basic app password, against `/api/health` through
 * Next and against a bare Node `http` server that answers 204 (the ceiling of
 * any verify endpoint on this machine), all at 50 connections; then a page behind
 * nginx with Gatehouse as its `auth_request` target, against the same page with
 * the bare 204 server as the target (the mechanism's own ceiling); and a
 * revocation checked through nginx: 0 requests may pass once the revoke returned.
 * nginx and the bare listener are started here as the bench's own processes;
 * without nginx the proxy part is skipped with a note.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { basic, cli, createAppPassword } from "./client";
import { run, summarize, type Segment, type Summary, type Target } from "./load";
import { revocationTrial, type Trial } from "./revocation";
import type { Server } from "./server";
import { quantile, sleep } from "./stats";
import { hasNginx, nginxMainConf, startNginx, type Nginx } from "../test/support/nginx";

export const FORWARD_AUTH_CONNECTIONS = 50;

export type ForwardAuthContext = {
  root: string;
  env: Record<string, string>;
  server: Server;
  /** Free ports from here on: the bare listener, then nginx (two). */
  portBase: number;
  cookie: string;
  login: string;
  password: string;
  mode: { warmup: number; segment: number; rounds: number; revokeAfterMs: number };
  row: (id: string, title: string, s: Summary | null, baseline: Summary | null, note?: string, ratio?: number | null) => unknown;
  check: (name: string, problems: string[]) => void;
  say: (line: string) => void;
};

export async function forwardAuthBench(ctx: ForwardAuthContext): Promise<Record<string, unknown>> {
  const bare = { port: ctx.portBase, url: `http://127.0.0.1:${ctx.portBase}` };
  const viaGatehouse = `http://127.0.0.1:${ctx.portBase + 1}`;
  const viaBare = `http://127.0.0.1:${ctx.portBase + 2}`;
  await cli(ctx.root, ctx.env, ["app:add", "bench-app", "--url", viaGatehouse]);
  await cli(ctx.root, ctx.env, ["app:add", "bench-verify", "--url", "http://app.bench.test"]);
  const appPassword = await createAppPassword(ctx.server.url, ctx.login, ctx.password, "bench forward auth");
  const processes: ChildProcess[] = [bareListener(bare.port)];
  let proxy: Nginx | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-bench-nginx-"));
  try {
    await waitFor(`${bare.url}/`, 204);
    const original = { "x-original-url": "http://app.bench.test/calendar/", "x-original-method": "PROPFIND" };
    const verify = `${ctx.server.url}/api/v1/auth-request`;
    const scenarios: { id: string; title: string; target: Target }[] = [
      { id: "fa-health", title: "12. GET /api/health through Next (50 connections)", target: { url: `${ctx.server.url}/api/health`, expect: 200 } },
      { id: "fa-bare", title: "12. bare node http 204 (50 connections)", target: { url: `${bare.url}/`, expect: 204 } },
      {
        id: "fa-verify-session",
        title: "12. verify (auth-request), session cookie",
        target: { url: verify, headers: { ...original, "x-original-method": "GET", cookie: ctx.cookie }, expect: 200 },
      },
      {
        id: "fa-verify-basic",
        title: "12. verify (auth-request), Basic app password",
        target: { url: verify, headers: { ...original, authorization: basic(ctx.login, appPassword) }, expect: 200 },
      },
    ];
    const nginx = hasNginx();
    if (nginx) {
      proxy = await startProxy(dir, ctx.server.url, bare.url, ctx.portBase + 1, ctx.portBase + 2);
      scenarios.push(
        {
          id: "fa-nginx-gatehouse",
          title: "12. page behind nginx + Gatehouse (app password)",
          target: { url: `${viaGatehouse}/`, headers: { authorization: basic(ctx.login, appPassword) }, expect: 200 },
        },
        { id: "fa-nginx-bare", title: "12. page behind nginx + bare 204 as auth_request target", target: { url: `${viaBare}/`, expect: 200 } },
      );
    } else {
      ctx.say("nginx not installed: forward-auth proxy scenarios skipped");
    }
    const segments = await rounds(ctx, scenarios);
    const summaries = new Map([...segments].map(([id, segs]) => [id, summarize(segs)]));
    const ratio = (id: string, to: string) => medianRatio(segments.get(id), segments.get(to));
    for (const s of scenarios) {
      const summary = summaries.get(s.id)!;
      const vs = s.id.startsWith("fa-verify")
        ? `${fmt(ratio(s.id, "fa-health"))}× /api/health, ${fmt(ratio(s.id, "fa-bare"))}× bare 204`
        : s.id === "fa-nginx-gatehouse"
          ? `${fmt(ratio(s.id, "fa-nginx-bare"))}× nginx + bare 204`
          : "";
      const base = s.id === "fa-nginx-gatehouse" ? ratio(s.id, "fa-nginx-bare") : s.id.startsWith("fa-verify") ? ratio(s.id, "fa-bare") : null;
      ctx.row(s.id, s.title, summary, null, vs, base);
      ctx.check(`scenario ${s.id}`, summary.problems);
    }
    const revocation = nginx ? await revokeThroughNginx(ctx, viaGatehouse) : null;
    return {
      ratios: Object.fromEntries(
        scenarios.map((s) => [s.id, { health: ratio(s.id, "fa-health"), bare: ratio(s.id, "fa-bare"), nginxBare: ratio(s.id, "fa-nginx-bare") }]),
      ),
      revocation,
    };
  } finally {
    for (const p of processes) if (p.exitCode === null) p.kill("SIGTERM");
    await proxy?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Interleaved rounds, as scenarios 1–5: machine load drifting over the run hits each alike. */
async function rounds(ctx: ForwardAuthContext, scenarios: { id: string; target: Target }[]): Promise<Map<string, Segment[]>> {
  const segments = new Map<string, Segment[]>(scenarios.map((s) => [s.id, []]));
  for (const s of scenarios) {
    const warm = await run(s.target, FORWARD_AUTH_CONNECTIONS, ctx.mode.warmup);
    ctx.check(`warm-up ${s.id}`, warm.problems);
  }
  for (let r = 0; r < ctx.mode.rounds; r++) {
    for (let i = 0; i < scenarios.length; i++) {
      const s = scenarios[(i + r) % scenarios.length]!;
      ctx.say(`forward auth round ${r + 1}/${ctx.mode.rounds} ${s.id}`);
      segments.get(s.id)!.push(await run(s.target, FORWARD_AUTH_CONNECTIONS, ctx.mode.segment));
    }
  }
  return segments;
}

async function revokeThroughNginx(ctx: ForwardAuthContext, viaGatehouse: string): Promise<Trial> {
  ctx.say("forward auth: an app password revoked while requests go through nginx");
  const doomed = await createAppPassword(ctx.server.url, ctx.login, ctx.password, "revoked through nginx");
  const trial = await revocationTrial({
    name: "app password through nginx auth_request",
    instances: [{ name: "nginx", url: viaGatehouse }],
    headers: { authorization: `Bearer ${doomed}` },
    revoke: async () => {
      const res = await fetch(`${ctx.server.url}/api/v1/app-password`, { method: "DELETE", headers: { authorization: `Bearer ${doomed}` } });
      await res.arrayBuffer();
      if (res.status !== 204) throw new Error(`DELETE /api/v1/app-password answered ${res.status}`);
    },
    afterMs: ctx.mode.revokeAfterMs,
  });
  const leaked = trial.instances.reduce((sum, i) => sum + i.acceptedAfter, 0);
  const sent = trial.instances.reduce((sum, i) => sum + i.sentAfter, 0);
  ctx.row(
    "fa-revocation",
    "12. revoke an app password, requests through nginx + Gatehouse",
    null,
    null,
    `let through after the revoke returned: ${leaked} of ${sent}`,
  );
  ctx.check("forward-auth revocation through nginx", [...trial.problems, ...(leaked ? [`${leaked} requests let through after the revoke`] : [])]);
  return trial;
}

/** Targets of issue #16, from the rows of the same run (informational, as the others). */
export function forwardAuthTargets(rows: { id: string; p99: number | null; note: string }[], details: Record<string, unknown> | undefined) {
  const ratios = (details?.ratios ?? {}) as Record<string, { health: number | null; bare: number | null; nginxBare: number | null }>;
  const list: { target: string; value: number | null; met: boolean | null }[] = [];
  for (const id of ["fa-verify-session", "fa-verify-basic"]) {
    const r = ratios[id];
    if (!r) continue;
    list.push({ target: `${id} ≥ 5× /api/health req/s`, value: r.health, met: r.health === null ? null : r.health >= 5 });
    list.push({ target: `${id} ≥ 0.5× bare node 204 req/s`, value: r.bare, met: r.bare === null ? null : r.bare >= 0.5 });
    const p99 = rows.find((x) => x.id === id)?.p99 ?? null;
    list.push({ target: `${id} p99 ≤ 10 ms at ${FORWARD_AUTH_CONNECTIONS} connections`, value: p99, met: p99 === null ? null : p99 <= 10 });
  }
  const page = ratios["fa-nginx-gatehouse"];
  if (page)
    list.push({
      target: "page behind nginx + Gatehouse ≥ 0.5× nginx + bare 204",
      value: page.nginxBare,
      met: page.nginxBare === null ? null : page.nginxBare >= 0.5,
    });
  const trial = details?.revocation as Trial | null | undefined;
  if (trial) {
    const leaked = trial.instances.reduce((sum, i) => sum + i.acceptedAfter, 0);
    list.push({ target: "forward auth: 0 requests let through nginx after a revoke", value: leaked, met: leaked === 0 });
  }
  return list;
}

function medianRatio(a: Segment[] | undefined, b: Segment[] | undefined): number | null {
  if (!a || !b || a.length !== b.length || a.length === 0) return null;
  const rps = (s: Segment) => s.responses.length / s.seconds;
  return quantile(
    a.map((seg, i) => rps(seg) / rps(b[i]!)),
    0.5,
  );
}

const fmt = (v: number | null) => (v === null ? "n/a" : v.toFixed(2));

/** The ceiling of any verify endpoint here: a separate Node process answering 204 at once. */
function bareListener(port: number): ChildProcess {
  const code = `require("node:http").createServer((q, s) => { s.writeHead(204); s.end(); }).listen(${port}, "127.0.0.1")`;
  return spawn(process.execPath, ["-e", code], { stdio: "ignore" });
}

/** nginx with a static page behind auth_request: Gatehouse on one port, the bare 204 listener on the other. */
function startProxy(dir: string, gatehouse: string, bare: string, gatehousePort: number, barePort: number): Promise<Nginx> {
  // nginx started as root serves files as "nobody": the page must be readable by it (mkdtemp makes 0700).
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, "www"));
  writeFileSync(path.join(dir, "www", "index.html"), "ok\n");
  const site = (port: number, upstream: string, target: string) => `
  server {
    listen 127.0.0.1:${port};
    location / {
      auth_request /verify;
      root ${dir}/www;
      try_files /index.html =404;
    }
    location = /verify {
      internal;
      proxy_pass http://${upstream}${target};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URL $scheme://$http_host$request_uri;
      proxy_set_header X-Original-Method $request_method;
    }
  }`;
  const http = `  upstream gatehouse { server ${gatehouse.slice("http://".length)}; keepalive 64; }
  upstream bare { server ${bare.slice("http://".length)}; keepalive 64; }
${site(gatehousePort, "gatehouse", "/api/v1/auth-request")}
${site(barePort, "bare", "/")}`;
  return startNginx(dir, nginxMainConf(dir, http), [gatehousePort, barePort]);
}

async function waitFor(url: string, status: number): Promise<void> {
  let last = "";
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === status) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message; // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer ${status} (last: ${last})`);
}
