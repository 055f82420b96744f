import { METHODS } from "node:http";
import { headerBytes, NODE_MAX_HEADER_BYTES, type Answer } from "./http";
import type { Planned } from "./requests";
import { ROOT } from "../servers";

/**
 * What every answer to a hostile request must satisfy: no 5xx (and an answer
 * at all), nothing of the server's insides in it, no secret echoed back, no
 * redirect off the site, and a body that cannot be decoded refused on the way
 * in. Violations are collected, never thrown, so that one run shows them all.
 */

export type Violation = { label: string; status: number; why: string; snippet: string };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const LEAKS: [RegExp, string][] = [
  [/(?:^|\n)[ \t]+at [^\n]*(?:\d+:\d+|<anonymous>|native|ignore-listed frames)/, "a stack frame"],
  [/node_modules/, "node_modules"],
  [new RegExp(escapeRegExp(ROOT)), "the repository path"],
  [/\/work\//, "a server path (/work/)"],
  [/[\w-]+\.(?:tsx?|[cm]?js):\d+/, "a source file with a line number"],
  [/webpack-internal|webpack:\/\/|__webpack_require__|turbopack:\/\/|\[turbopack\]/, "bundler internals"],
  [/Prisma|SQLITE_[A-Z]|better-sqlite3|PostgresError|relation "/, "database internals"],
  [/\b(?:Type|Reference|Syntax|Range|URI)?Error: [^\n]{0,200}[/\\][\w.-]+\//, "an error message with a path"],
];

function snippet(text: string, at: number): string {
  return JSON.stringify(text.slice(Math.max(0, at - 80), at + 120));
}

export function check(req: Planned, answer: Answer, origins: string[]): Violation[] {
  const found: Violation[] = [];
  const fail = (why: string, snip = JSON.stringify(answer.body.slice(0, 200))) => found.push({ label: req.label, status: answer.status, why, snippet: snip });

  if (answer.status === 0) {
    // Node answers headers over its limit (431) and a method its parser does not know (400) at once and hangs up; a reset
    // while we are still sending the body is that, not a crash.
    const nodeRefuses = headerBytes(req) > NODE_MAX_HEADER_BYTES - 1024 || !METHODS.includes(req.method);
    if (!(nodeRefuses && /EPIPE|ECONNRESET/.test(answer.error ?? ""))) fail(`no answer: ${answer.error ?? "connection closed"}`);
    return found;
  }
  if (answer.status >= 500) fail(`status ${answer.status}`);
  else if (req.oversized && answer.status !== 413 && answer.status !== 431) fail(`an oversized body got ${answer.status}, not the early 413`);
  // Refused (4xx) or sent elsewhere (3xx) — but never answered by an action (200, or its redirect as x-action-redirect).
  else if (req.refusedOnTheWay && (answer.status < 300 || answer.headers["x-action-redirect"]))
    fail(`an undecodable request got ${answer.status}: it should have been refused on the way in`);

  const headerText = Object.entries(answer.headers)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}`)
    .join("\n");
  for (const [text, where] of [
    [answer.body, "body"],
    [headerText, "headers"],
  ] as const) {
    for (const [pattern, what] of LEAKS) {
      const m = pattern.exec(text);
      if (m) fail(`${what} in the ${where}`, snippet(text, m.index));
    }
    for (const canary of req.canaries) {
      const at = text.indexOf(canary);
      if (at >= 0) fail(`a submitted secret echoed in the ${where}`, snippet(text, at));
    }
  }

  // Query values end up in pages (the sign-in form's "next", the challenge's links), but never as a link: the
  // fuzz's off-site targets all name evil.example or run javascript:alert.
  const link = /\b(?:href|action|formaction|src)="[^"]*(?:evil\.example|javascript:alert)/i.exec(answer.body);
  if (link) fail("an injected link in the page", snippet(answer.body, link.index));

  for (const name of ["location", "x-action-redirect"] as const) {
    const raw = answer.headers[name];
    if (typeof raw !== "string") continue;
    const target = name === "x-action-redirect" ? raw.replace(/;(push|replace)$/, "") : raw;
    let resolved: URL | null = null;
    try {
      resolved = new URL(target, origins[0]);
    } catch {
      fail(`${name} is not a URL: ${JSON.stringify(target.slice(0, 200))}`);
      continue;
    }
    if (!origins.includes(resolved.origin)) fail(`open redirect: ${name} leads to ${resolved.origin}`, JSON.stringify(target.slice(0, 200)));
  }
  return found;
}

/** Violations grouped by what went wrong, a few examples each: readable even when thousands failed alike. */
export function report(violations: Violation[], seed: number): string {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) {
    const key = `${v.why.replace(/\d+ ms/, "N ms")} — ${v.label.replace(/ · .*$/, "")}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const lines = [
    `${violations.length} violation(s) in ${groups.size} group(s); repeat with FUZZ_SEED=${seed} (FUZZ_DUMP=<file> writes each failing request there, body in base64)`,
  ];
  for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`\n● ${key} (${list.length}×)`);
    for (const v of list.slice(0, 3)) lines.push(`    ${v.label}\n      → ${v.status}: ${v.snippet}`);
  }
  return lines.join("\n");
}
