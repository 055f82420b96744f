#!/usr/bin/env node
// `npm test`: every suite, then one closing line with the totals.
//  0. the static checks, each counted as one passed or failed test: lint (ESLint,
//     with the import boundaries), format (Prettier) and import circles (madge, 0 allowed);
//  1. unit + integration (Vitest) on SQLite, and
//  2. side by side with it (they share no state: their own databases, the
//     real-proxy suite on other ports), the same integration suite on PostgreSQL
//     when TEST_POSTGRES_URL is set (SHADOW_DATABASE_URL, optional, adds the
//     migrations-vs-schema check there); each one's output is printed when it ends;
//  3. a production build, then real servers on it (vitest.cluster.config.ts,
//     test/cluster: logs, metrics, graceful stop; with TEST_POSTGRES_URL two
//     instances on one database behind nginx, the test's balancer and the shipped
//     TLS site), then end-to-end tests (Playwright, Chromium),
//     then the check that no secret those tests used is in the e2e servers' log;
//  4. the benchmark harness in quick mode on that build (bench/run.ts --quick), so it
//     never rots: it checks that every scenario ran and that revocation leaked no
//     request, never a timing; with TEST_POSTGRES_URL, revocation across two
//     instances on one PostgreSQL database too, and the scale-out scenario (one
//     instance vs two on that database; only that it ran and reached both).
// Flags: --no-e2e (also skips the bench, which needs the build), --only-e2e, --no-bench, --no-checks.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const args = new Set(process.argv.slice(2));
const bin = (name) => `node_modules/.bin/${name}`;
mkdirSync("test-results", { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let broken = false;

function run(label, command, commandArgs, env = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

const vitestArgs = (file, extra) => ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`, ...extra];

function vitest(label, env, file, extra = []) {
  rmSync(file, { force: true });
  vitestResult(label, file, run(label, bin("vitest"), vitestArgs(file, extra), env));
}

function vitestResult(label, file, ok) {
  if (!existsSync(file)) return void ((broken = true), lines.push(`${label}: did not run`));
  const r = JSON.parse(readFileSync(file, "utf8"));
  count(label, r.numPassedTests, r.numFailedTests + (ok || r.numFailedTests ? 0 : 1), r.numPendingTests + r.numTodoTests);
}

/** Several Vitest runs at once, each into its own log, printed as each one ends. */
async function vitestTogether(runs) {
  const ended = await Promise.all(
    runs.map(({ label, env, file }) => {
      rmSync(file, { force: true });
      const log = `${file}.log`;
      const out = createWriteStream(log);
      const child = spawn(bin("vitest"), vitestArgs(file, []), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.pipe(out, { end: false });
      child.stderr.pipe(out, { end: false });
      return new Promise((resolve) =>
        child.on("close", (code) => {
          out.end(() => {
            console.log(`\n=== ${label} ===`);
            process.stdout.write(readFileSync(log));
            resolve({ label, file, ok: code === 0 });
          });
        }),
      );
    }),
  );
  for (const { label, file, ok } of ended) vitestResult(label, file, ok);
}

function count(label, passed, failed, skipped) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

/** A static check: passes when its command exits 0. */
function check(label, script) {
  const ok = run(label, "npm", ["run", "--silent", script]);
  count(label, ok ? 1 : 0, ok ? 0 : 1, 0);
}

if (!args.has("--only-e2e") && !args.has("--no-checks")) {
  check("lint (ESLint)", "lint");
  check("format (Prettier)", "format:check");
  check("import circles (madge)", "check:cycles");
}

if (!args.has("--only-e2e")) {
  const pg = process.env.TEST_POSTGRES_URL;
  // The PostgreSQL-only files (e.g. backup and restore) run once, in the PostgreSQL run.
  const runs = [{ label: "unit + integration (SQLite)", env: { DATABASE_URL: "", TEST_POSTGRES_URL: "" }, file: "test-results/vitest-sqlite.json" }];
  if (pg) {
    const proxies = String(Number(process.env.FORWARD_AUTH_TEST_PORT_BASE ?? 4711) + 20);
    runs.push({
      label: "integration (PostgreSQL)",
      env: { DATABASE_URL: pg, FORWARD_AUTH_TEST_PORT_BASE: proxies },
      file: "test-results/vitest-postgresql.json",
    });
  } else lines.push("integration (PostgreSQL): not run — set TEST_POSTGRES_URL to a scratch database to include it");
  await vitestTogether(runs);
}

if (!args.has("--no-e2e")) {
  if (!run("production build", process.execPath, ["node_modules/next/dist/bin/next", "build"])) {
    broken = true;
    lines.push("e2e: not run — the build failed");
  } else {
    // Real servers on the build: logs, metrics, graceful stop; with TEST_POSTGRES_URL also two instances behind nginx (the test's balancer, the shipped TLS site) and health with the database down.
    vitest("real servers (logs, metrics, stop; cluster on PostgreSQL)", {}, "test-results/vitest-servers.json", ["--config", "vitest.cluster.config.ts"]);
    if (!process.env.TEST_POSTGRES_URL)
      lines.push("real servers: the PostgreSQL files (two instances, database down) skipped — set TEST_POSTGRES_URL (its role needs CREATEDB)");
    const file = "test-results/e2e.json";
    rmSync(file, { force: true });
    const ok = run("end-to-end (Playwright)", bin("playwright"), ["test"]);
    if (!existsSync(file)) {
      broken = true;
      lines.push("e2e (Chromium): did not run");
    } else {
      const s = JSON.parse(readFileSync(file, "utf8")).stats;
      count("e2e (Chromium)", s.expected + s.flaky, s.unexpected + (ok || s.unexpected ? 0 : 1), s.skipped);
      // No secret the specs used (e2e/support/secrets.ts) is in the e2e servers' log; one test, passed or failed.
      const clean = run("e2e log: no secret (e2e/support/check-log.ts)", process.execPath, [
        "--no-warnings",
        "--import",
        "./bin/register.mjs",
        "e2e/support/check-log.ts",
        "--full",
      ]);
      count("e2e log: no secret", clean ? 1 : 0, clean ? 0 : 1, 0);
    }
    if (!args.has("--no-bench")) {
      bench("bench --quick (SQLite)", { DATABASE_URL: "" }, [], "test-results/bench-sqlite.json");
      const pg = process.env.TEST_POSTGRES_URL;
      if (pg)
        bench(
          "bench --quick revocation, scale-out (PostgreSQL, 2 instances)",
          { DATABASE_URL: pg },
          ["--only", "revocation,scale-out"],
          "test-results/bench-postgresql.json",
        );
    }
  }
}

function bench(label, env, extra, file) {
  rmSync(file, { force: true });
  // Next to the e2e servers when E2E_PORT_BASE moves them (two checkouts side by side).
  const base = process.env.E2E_PORT_BASE;
  if (!process.env.BENCH_PORT && base) env = { ...env, BENCH_PORT: String(Number(base) + 2) };
  const ok = run(label, process.execPath, ["--no-warnings", "--import", "./bin/register.mjs", "bench/run.ts", "--quick", "--out", file, ...extra], env);
  if (!existsSync(file)) return void ((broken = true), lines.push(`${label}: did not run`));
  const checks = JSON.parse(readFileSync(file, "utf8")).checks;
  const failed = checks.filter((c) => !c.ok).length;
  count(label, checks.length - failed, failed + (ok || failed ? 0 : 1), 0);
}

console.log("\n=== summary ===");
for (const line of lines) console.log(line);
console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
