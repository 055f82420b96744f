/**
 * After an e2e run: no secret a spec used or received (e2e/support/secrets.ts) is in
 * the servers' log (test-results/e2e-logs/, JSON lines at LOG_LEVEL=debug).
 *
 *   node --no-warnings --import ./bin/register.mjs e2e/support/check-log.ts [--full]
 *
 * A hit names the log file, the line and the secret's kind, never the secret. So that
 * it cannot pass on nothing, every log must hold request lines and at least one secret
 * must be recorded; --full (after the whole suite, scripts/test.mjs) also wants every
 * kind below and at least MIN_SECRETS of them. Exits 1 on any failure.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LOGS_DIR, SECRETS_DIR, type Recorded } from "./secrets";

// What a whole run must have recorded: the kinds named by the helpers, cookies and form fields by name.
const FULL_RUN_KINDS = [
  /^login password$/,
  /^TOTP secret$/,
  /^TOTP code$/,
  /^HOTP secret$/,
  /^HOTP code$/,
  /^backup code$/,
  /^message code$/,
  /^admin bypass code$/,
  /^app password$/,
  /^device user code$/,
  /^client flow poll token$/,
  /^cookie (__Host-|__Secure-)?gatehouse-session$/,
  /^cookie (__Host-)?gatehouse-challenge$/,
  /^cookie (__Host-)?gatehouse-trust$/,
  /^cookie (__Host-)?gatehouse-device$/,
  /^form field password$/,
  /^form field code$/,
];
const MIN_SECRETS = 300;
// Shorter values (6-digit codes, user codes) count only as a whole word: "123456" inside a uuid is no leak.
const WHOLE_WORD_BELOW = 12;

type Log = { file: string; text: string; lineStarts: number[] };

function readLogs(): Log[] {
  if (!existsSync(LOGS_DIR)) return [];
  return readdirSync(LOGS_DIR)
    .filter((f) => f.endsWith(".log"))
    .map((file) => {
      const text = readFileSync(path.join(LOGS_DIR, file), "utf8");
      const lineStarts = [0];
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
      return { file, text, lineStarts };
    });
}

/** Each secret once (with the kind it was first recorded as), and every kind recorded (a typed password is also a form field). */
function readSecrets(): { byValue: Map<string, string>; kinds: Set<string> } {
  const byValue = new Map<string, string>();
  const kinds = new Set<string>();
  const files = existsSync(SECRETS_DIR) ? readdirSync(SECRETS_DIR).filter((f) => f.endsWith(".jsonl")) : [];
  for (const file of files)
    for (const line of readFileSync(path.join(SECRETS_DIR, file), "utf8").split("\n").filter(Boolean)) {
      const { kind, value } = JSON.parse(line) as Recorded;
      kinds.add(kind);
      if (!byValue.has(value)) byValue.set(value, kind);
    }
  return { byValue, kinds };
}

/** The forms a secret could take in a log line: as is, URL-encoded, URL-decoded, without separators. */
function spellings(value: string): string[] {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // not URL-encoded
  }
  const bare = value.replace(/[\s-]/g, "");
  return [...new Set([value, encodeURIComponent(value), decoded, bare])].filter((s) => s.length >= 6);
}

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/** The line numbers (1-based) in `log` where `needle` occurs (as a whole word when it is short). */
function hits(log: Log, needle: string): number[] {
  const found: number[] = [];
  for (let i = log.text.indexOf(needle); i !== -1; i = log.text.indexOf(needle, i + 1)) {
    if (needle.length < WHOLE_WORD_BELOW && (isWordChar(log.text[i - 1]) || isWordChar(log.text[i + needle.length]))) continue;
    let line = log.lineStarts.findIndex((start) => start > i);
    if (line === -1) line = log.lineStarts.length;
    found.push(line);
  }
  return found;
}

function check(full: boolean): string[] {
  const problems: string[] = [];
  const logs = readLogs();
  if (logs.length === 0) problems.push(`no server log in ${LOGS_DIR}`);
  for (const log of logs) {
    if (!/^\{.*"msg":"request"/m.test(log.text)) problems.push(`${log.file}: no request lines (is LOG_LEVEL=debug set for it?)`);
  }
  const { byValue: secrets, kinds } = readSecrets();
  if (secrets.size === 0) problems.push(`no secret recorded in ${SECRETS_DIR}`);
  if (full) {
    if (secrets.size < MIN_SECRETS) problems.push(`only ${secrets.size} secrets recorded, expected at least ${MIN_SECRETS}`);
    for (const kind of FULL_RUN_KINDS) if (![...kinds].some((k) => kind.test(k))) problems.push(`no secret of kind ${kind.source} recorded`);
  }
  for (const [value, kind] of secrets)
    for (const log of logs)
      for (const line of new Set(spellings(value).flatMap((s) => hits(log, s)))) problems.push(`${log.file}:${line}: the log contains a ${kind}`);
  const lines = logs.reduce((n, log) => n + log.lineStarts.length - 1, 0);
  console.log(`e2e log check: ${secrets.size} secrets of ${kinds.size} kinds against ${lines} lines in ${logs.map((l) => l.file).join(", ")}`);
  return problems;
}

const problems = check(process.argv.includes("--full"));
for (const problem of problems) console.error(`✘ ${problem}`);
if (problems.length === 0) console.log("✓ no recorded secret is in the servers' log");
process.exit(problems.length === 0 ? 0 : 1);
