#!/usr/bin/env node
// `npm test`: every suite, then one closing line with the totals.
//  0. the static checks, each counted as one passed or failed test: lint (ESLint,
//     with the import boundaries), format (Prettier) and import circles (madge, 0 allowed);
//  1. unit + integration (Vitest) on SQLite;
//  2. the same integration suite on PostgreSQL when TEST_POSTGRES_URL is set
//     (SHADOW_DATABASE_URL, optional, adds the migrations-vs-schema check there);
//  3. a production build, then real servers on it (vitest.cluster.config.ts,
//     test/cluster: logs, metrics, graceful stop; with TEST_POSTGRES_URL two
//     instances on one database behind nginx), then end-to-end tests (Playwright, Chromium);
//  4. the benchmark harness in quick mode on that build (bench/run.ts --quick), so it
//     never rots: it checks that every scenario ran and that revocation leaked no
//     request, never a timing; with TEST_POSTGRES_URL, revocation across two
//     instances on one PostgreSQL database too.
// Flags: --no-e2e (also skips the bench, which needs the build), --only-e2e, --no-bench, --no-checks.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

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

function vitest(label, env, file, extra = []) {
  rmSync(file, { force: true });
  const ok = run(label, bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`, ...extra], env);
  if (!existsSync(file)) return void ((broken = true), lines.push(`${label}: did not run`));
  const r = JSON.parse(readFileSync(file, "utf8"));
  count(label, r.numPassedTests, r.numFailedTests + (ok || r.numFailedTests ? 0 : 1), r.numPendingTests + r.numTodoTests);
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
  vitest("unit + integration (SQLite)", { DATABASE_URL: "" }, "test-results/vitest-sqlite.json");
  const pg = process.env.TEST_POSTGRES_URL;
  if (pg) vitest("integration (PostgreSQL)", { DATABASE_URL: pg }, "test-results/vitest-postgresql.json");
  else lines.push("integration (PostgreSQL): not run — set TEST_POSTGRES_URL to a scratch database to include it");
}

if (!args.has("--no-e2e")) {
  if (!run("production build", process.execPath, ["node_modules/next/dist/bin/next", "build"])) {
    broken = true;
    lines.push("e2e: not run — the build failed");
  } else {
    // Real servers on the build: logs, metrics, graceful stop; with TEST_POSTGRES_URL also two instances behind nginx and health with the database down.
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
    }
    if (!args.has("--no-bench")) {
      bench("bench --quick (SQLite)", { DATABASE_URL: "" }, [], "test-results/bench-sqlite.json");
      const pg = process.env.TEST_POSTGRES_URL;
      if (pg) bench("bench --quick revocation (PostgreSQL, 2 instances)", { DATABASE_URL: pg }, ["--only", "revocation"], "test-results/bench-postgresql.json");
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
