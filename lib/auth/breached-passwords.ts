import "server-only";
import { log } from "@/lib/log";
import { createHash, timingSafeEqual } from "node:crypto";
import { env, type Env } from "@/lib/env";
import { asGatewayError } from "@/lib/gateways/errors";
import { httpRequest, joinUrl } from "@/lib/gateways/http";

/**
 * Whether a new password is known from data breaches (ASVS 6.2.12), asked of
 * Have I Been Pwned's Pwned Passwords range API — or a mirror of it — with
 * k-anonymity: only the first 5 hex characters of the password's SHA-1 leave
 * the server (`GET {BREACHED_PASSWORD_API_URL}/range/{prefix}`, `Add-Padding:
 * true`); the answer lists every known hash suffix under that prefix and the
 * comparison is made here. The password, its full hash and its suffix never
 * leave the process, and none of them (nor the prefix) is logged.
 *
 * Off unless the operator sets BREACHED_PASSWORD_CHECK=hibp. When the service
 * cannot answer in time, or answers something that is not a range, the look-up
 * is skipped with one log line and the password is judged by the offline checks
 * alone (fails open): a password change must not depend on a third party being
 * reachable. docs/security.md § New passwords has the reasons.
 */

export const BREACHED = "This password has appeared in a data breach, so attackers will try it. Choose a different one.";

/** Sent with every look-up, as the API asks; names the software, never the instance. */
export const USER_AGENT = "Gatehouse-breached-password-check";

/** A real range is ~40 bytes a row and (padded) at most a few thousand rows; far more is not a range. */
const MAX_RANGE_BYTES = 1024 * 1024;
const ROW = /^([0-9A-Fa-f]{35}):(\d{1,12})$/;

export type RangeRow = { suffix: string; count: number };

/** SHA-1 of the password as typed (UTF-8), upper-case hex: the 5-character prefix that is sent and the 35 kept. */
export function rangeQuery(password: string): { prefix: string; suffix: string } {
  const hash = createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
  return { prefix: hash.slice(0, 5), suffix: hash.slice(5) };
}

/**
 * The answer's `SUFFIX:COUNT` rows (CRLF or LF; suffixes upper-cased), or null
 * when it is not a range: an empty body or any row in another shape (an error
 * page, a captive portal's HTML, a cut-off answer).
 */
export function parseRange(text: string): RangeRow[] | null {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  if (lines.length === 0) return null;
  const rows: RangeRow[] = [];
  for (const line of lines) {
    const match = ROW.exec(line);
    if (!match) return null;
    rows.push({ suffix: match[1]!.toUpperCase(), count: Number(match[2]) });
  }
  return rows;
}

/**
 * How many times the range says `suffix` was seen. Every row is compared, each
 * in constant time, so the time taken does not tell where (or whether) it
 * matched. Padding rows (count 0, added by `Add-Padding`) count as not seen.
 */
export function timesSeen(rows: RangeRow[], suffix: string): number {
  const wanted = Buffer.from(suffix.toUpperCase(), "ascii");
  if (wanted.length !== 35) throw new Error("a SHA-1 suffix has 35 hex characters");
  let seen = 0;
  for (const row of rows) {
    const equal = timingSafeEqual(Buffer.from(row.suffix, "ascii"), wanted);
    seen += equal ? row.count : 0;
  }
  return seen;
}

export type BreachLookup =
  | { outcome: "off" }
  | { outcome: "seen"; count: number }
  | { outcome: "not_seen" }
  /** The service could not be asked or gave no usable answer; `reason` is safe to log. */
  | { outcome: "unavailable"; reason: string };

/** Asks the range API about one password (nothing is logged here). */
export async function lookUpBreached(password: string, config: Env["breachedPasswords"] = env().breachedPasswords): Promise<BreachLookup> {
  if (config.check === "off") return { outcome: "off" };
  const { prefix, suffix } = rangeQuery(password);
  let answer;
  try {
    answer = await httpRequest(joinUrl(config.apiUrl, `/range/${prefix}`), {
      method: "GET",
      headers: { "Add-Padding": "true", "User-Agent": USER_AGENT, Accept: "text/plain" },
      timeoutMs: config.timeoutMs,
      maxBody: MAX_RANGE_BYTES,
    });
  } catch (error) {
    const failure = asGatewayError(error);
    // Error texts name host and port, not the path; the prefix is blanked anyway.
    return {
      outcome: "unavailable",
      reason: `${failure.kind === "unreachable" ? "unreachable" : "request failed"} (${failure.detail.replaceAll(prefix, "…")})`,
    };
  }
  // Only the status: the body of an error answer is the service's, not ours to log.
  if (answer.status !== 200) return { outcome: "unavailable", reason: `HTTP ${answer.status}` };
  const rows = answer.text.length < MAX_RANGE_BYTES ? parseRange(answer.text) : null;
  if (!rows) return { outcome: "unavailable", reason: "the answer is not a Pwned Passwords range" };
  const count = timesSeen(rows, suffix);
  return count > 0 ? { outcome: "seen", count } : { outcome: "not_seen" };
}

/**
 * True when the password is known from breaches. False when it is not, when the
 * check is off, and when the service is unavailable — that last case with one
 * log line for the operator (fails open; the offline checks still applied).
 */
export async function isBreachedPassword(password: string): Promise<boolean> {
  const config = env().breachedPasswords;
  const result = await lookUpBreached(password, config);
  if (result.outcome === "unavailable") {
    log.warn("breached-password look-up skipped; the new password was judged by the offline checks only", {
      host: new URL(config.apiUrl).host,
      reason: result.reason,
    });
  }
  return result.outcome === "seen";
}
