import "server-only";
import { parseLoginName } from "@/lib/auth/login-name";
import { MINUTE, THROTTLE_BASE_DELAY, THROTTLE_MAX_PAUSE } from "@/lib/auth/policy";
import { nowAndThen } from "@/lib/background";
import { hashSecret } from "@/lib/crypto/random";
import { db, isUniqueViolation } from "@/lib/db";
import { env } from "@/lib/env";
import { failure, type Failure } from "@/lib/errors";
import { countThrottleBlock } from "@/lib/metrics";
import { addressBucket } from "@/lib/net/client-address";

/**
 * Brute-force throttling, counted in the database (ThrottleBucket) so that a
 * restart forgets nothing and every instance on one database shares the counts.
 *
 * Every attempt is counted *before* the secret is checked (an atomic increment)
 * and refunded when it succeeds, so a burst of parallel requests cannot slip
 * past the limits between "check" and "count". The counters of an attempt:
 *
 *  - address  (action × IPv4 /32 or IPv6 /64): after n failures the next attempt
 *    waits 0.1 s × 2^n (capped at THROTTLE_MAX_DELAY_SECONDS); after
 *    THROTTLE_MAX_FAILURES the address is blocked for THROTTLE_BLOCK_SECONDS.
 *  - source   (address × account): one address's failures on one account. Only
 *    its first THROTTLE_MAX_FAILURES count on the account counter (an address
 *    adds to it at most what it may do on its own), and at half the account's
 *    ceiling the address may not try this account until THROTTLE_WINDOW_SECONDS
 *    pass — so no single address can slow down or close the account for others.
 *  - account  (every way to try a password shares one; second factors another):
 *    the sources' shares. Nothing for the first THROTTLE_ACCOUNT_FAILURES, then
 *    the same doubling delay (capped at THROTTLE_BLOCK_SECONDS).
 *  - total    (per account): every failure. At THROTTLE_ACCOUNT_MAX_FAILURES
 *    (≤ 100, NIST SP 800-63B 5.2.2) only addresses the account signed in from
 *    before may try. Known addresses skip the account's and the total's wait, so
 *    a stranger cannot lock the owner out.
 *  - pair     (action × address × account): bookkeeping only. A success refunds
 *    the address by that account's share, never by other accounts' failures.
 *  - device   (a device cookie, lib/auth/device-cookie.ts): a browser that
 *    signed in to the account before is counted on its own counter *instead* of
 *    the others, with an address's budget; once that is used up (locked), its
 *    attempts count like a stranger's.
 *
 * A row holds `failures` (attempts counted, in flight or failed), `lastFailure`
 * (the latest count; after THROTTLE_WINDOW_SECONDS of quiet everything is
 * forgotten) and `blockedUntil` (when the next attempt is accepted, set only by a
 * real failure). Below its limit a counter lets attempts run in parallel but
 * never more than the limit; at its limit it lets one through per opening, and
 * that one closes it again in the same UPDATE.
 *
 * A wait of up to 2 s is served by pausing the request; a longer one is refused
 * at once (429 + Retry-After for clients, a message for forms): no request is held
 * for long.
 */

export type ThrottleAction = "login" | "second_factor" | "api_basic" | "app_password_exchange" | "setup" | "sudo" | "client_poll" | "user_code";

/** The account counter an action feeds: every way to try the password shares one. */
const ACCOUNT_SCOPE: Record<ThrottleAction, "password" | "second_factor" | "user_code" | null> = {
  login: "password",
  api_basic: "password",
  app_password_exchange: "password",
  sudo: "password",
  second_factor: "second_factor",
  setup: null,
  // Client sign-in flows (lib/client-flows/): unknown poll tokens per address;
  // wrong device user codes per address and per signed-in account.
  client_poll: null,
  user_code: "user_code",
};

export type Clock = { now(): number; sleep(ms: number): Promise<void> };

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type ThrottlePolicy = {
  maxFailures: number;
  blockMs: number;
  maxDelayMs: number;
  accountFailures: number;
  accountMaxFailures: number;
  windowMs: number;
};

export function throttlePolicy(): ThrottlePolicy {
  const t = env().throttle;
  return {
    maxFailures: t.maxFailures,
    blockMs: t.blockSeconds * 1000,
    maxDelayMs: t.maxDelaySeconds * 1000,
    accountFailures: t.accountFailures,
    accountMaxFailures: t.accountMaxFailures,
    windowMs: t.windowSeconds * 1000,
  };
}

const doubling = (k: number, cap: number) => Math.min(cap, THROTTLE_BASE_DELAY * 2 ** Math.min(k, 40));

/** How long after its latest failure an address may try again, having failed n times. */
export function addressWait(failures: number, p: ThrottlePolicy): number {
  if (failures <= 0) return 0;
  if (failures >= p.maxFailures) return p.blockMs;
  return doubling(failures, p.maxDelayMs);
}

/** The same for an account, seen from an address it is not known from. */
export function accountWait(failures: number, p: ThrottlePolicy): number {
  if (failures < p.accountFailures) return 0;
  if (failures >= p.accountMaxFailures) return p.windowMs;
  return doubling(failures - p.accountFailures + 1, p.blockMs);
}

/**
 * Who is trying: the client address, the account when there is one, and the id
 * of a device cookie already verified for that account (OWASP "device cookies").
 */
export type Subject = { address: string | null; account?: string | null; device?: string | null };

/**
 * The account identifier for password actions: the login key ("Alice" and
 * "ａｌｉｃｅ" are one account), or the raw input for a name that cannot exist,
 * so unknown logins are counted exactly like real ones.
 */
export function loginAccount(login: string): string {
  return parseLoginName(login)?.key ?? `raw:${login.slice(0, 256)}`;
}

type Kind = "address" | "pair" | "source" | "account" | "total" | "device";
type Bucket = { kind: Kind; key: string };
type Counted = Bucket & { failures: number };

/**
 * What a started attempt counted, and the counters a success forgets; hand it
 * back to attemptSucceeded/attemptFailed.
 */
export type Ticket = {
  readonly action: ThrottleAction;
  readonly counted: readonly Counted[];
  readonly forgetOnSuccess: readonly string[];
  readonly at: number;
};

export type Attempt = { ok: true; ticket: Ticket } | { ok: false; retryAfter: number; scope: "address" | "account" };

export type AttemptOptions = {
  clock?: Clock;
  /** Asked only when the account's own wait applies: true lets this address skip it. */
  isKnownAddress?: () => Promise<boolean>;
};

// Keyed digests: typed login names (sometimes a password typed into the wrong
// field) are never stored in clear.
const digest = (value: string) => hashSecret(`throttle:${value}`).slice(0, 22);

/** Every counter an attempt may touch, in the order they are counted. */
function bucketsFor(action: ThrottleAction, subject: Subject): Bucket[] {
  const address = addressBucket(subject.address || "unknown");
  const buckets: Bucket[] = [{ kind: "address", key: `${action}|ip|${address}` }];
  const scope = ACCOUNT_SCOPE[action];
  if (scope && subject.account) {
    const account = digest(subject.account);
    buckets.push({ kind: "pair", key: `${action}|pair|${address}|${account}` });
    buckets.push({ kind: "source", key: `${scope}|src|${address}|${account}` });
    buckets.push({ kind: "account", key: `${scope}|acct|${account}` });
    buckets.push({ kind: "total", key: `${scope}|total|${account}` });
    if (subject.device) buckets.push({ kind: "device", key: `${scope}|dev|${digest(subject.device)}|${account}` });
  }
  return buckets;
}

/** One address may fail this often on one account per window: half the account's ceiling. */
export const sourceMaxFailures = (p: ThrottlePolicy) => Math.floor(p.accountMaxFailures / 2);

const ceiling = (failures: number, limit: number, p: ThrottlePolicy) => (failures >= limit ? p.windowMs : 0);

const waitFor = (kind: Kind, failures: number, p: ThrottlePolicy): number => {
  if (kind === "address" || kind === "device") return addressWait(failures, p);
  if (kind === "account") return accountWait(failures, p);
  if (kind === "total") return ceiling(failures, p.accountMaxFailures, p);
  if (kind === "source") return ceiling(failures, sourceMaxFailures(p), p);
  return 0;
};

/** Attempts up to this count may run in parallel; from it on, one per opening. */
const parallelLimit = (kind: Kind, p: ThrottlePolicy): number => {
  if (kind === "address" || kind === "device") return p.maxFailures;
  if (kind === "account") return p.accountFailures;
  if (kind === "total") return p.accountMaxFailures;
  if (kind === "source") return sourceMaxFailures(p);
  return Infinity;
};

/** The account's own counters, which a known address skips. */
const isAccountWide = (kind: Kind) => kind === "account" || kind === "total";

type State = Bucket & { failures: number; remaining: number; stale: boolean };

/**
 * The counters this attempt answers to: a device cookie with budget left is
 * counted on its own (the account's lock-out does not slow it); anything else
 * on the address, its share of the account and the account.
 */
function pathFor(states: State[], p: ThrottlePolicy): State[] {
  const device = states.find((s) => s.kind === "device");
  if (device && device.failures < p.maxFailures) return [device];
  return states.filter((s) => s.kind !== "device");
}

/** What a success forgets: the account's counters, and this path's own. */
const forgetOnSuccess = (path: State[], all: State[]) => [
  ...new Set([...path, ...all.filter((s) => isAccountWide(s.kind))].filter((s) => s.kind !== "address").map((s) => s.key)),
];

/**
 * Starts an attempt: refuses it while a counter says wait (pausing up to 2 s
 * instead when the wait is that short), otherwise counts it as a failure until
 * attemptSucceeded says otherwise.
 */
export async function beginAttempt(action: ThrottleAction, subject: Subject, options: AttemptOptions = {}): Promise<Attempt> {
  const clock = options.clock ?? systemClock;
  const p = throttlePolicy();
  const buckets = bucketsFor(action, subject);
  const rows = await db.throttleBucket.findMany({ where: { key: { in: buckets.map((b) => b.key) } } });
  let now = clock.now();

  const all: State[] = buckets.map((b) => {
    const row = rows.find((r) => r.key === b.key);
    const live = row !== undefined && now - row.lastFailure.getTime() < p.windowMs;
    const failures = live ? row.failures : 0;
    const remaining = live && row.blockedUntil ? Math.max(0, row.blockedUntil.getTime() - now) : 0;
    return { ...b, failures, remaining, stale: row !== undefined && !live };
  });
  const states = pathFor(all, p);

  let exempt = false;
  const accountWide = states.filter((s) => isAccountWide(s.kind));
  if (accountWide.some((s) => s.remaining > 0) && options.isKnownAddress && (await options.isKnownAddress())) {
    exempt = true;
    for (const s of accountWide) s.remaining = 0;
  }

  const worst = states.reduce((a, b) => (b.remaining > a.remaining ? b : a));
  if (worst.remaining > THROTTLE_MAX_PAUSE) return refusal(worst.remaining, worst.kind);
  if (worst.remaining > 0) {
    await clock.sleep(worst.remaining);
    now = clock.now();
  }

  const counted: Counted[] = [];
  const giveBack = () => Promise.all(counted.map((c) => uncount(c.key, 1)));
  for (const s of states) {
    // An address adds to the account's counter only its first failures on it.
    if (s.kind === "account" && (counted.find((c) => c.kind === "source")?.failures ?? 0) > p.maxFailures) continue;
    const limited = s.kind !== "pair" && !(isAccountWide(s.kind) && exempt);
    const limit = parallelLimit(s.kind, p);
    if (limited && s.failures >= limit) {
      // At its limit a counter lets one attempt through per opening: the first to
      // count closes it again in the same statement; the others are refused.
      const next = s.failures + 1;
      const won = await countIfOpen(s.key, s.failures, now, waitFor(s.kind, next, p));
      if (!won) return (await giveBack(), refusal(1000, s.kind));
      counted.push({ kind: s.kind, key: s.key, failures: next });
      continue;
    }
    const failures = await count(s.key, s.stale, now);
    counted.push({ kind: s.kind, key: s.key, failures });
    // Below the limit attempts may run in parallel, but never more than the limit.
    if (limited && failures > limit) return (await giveBack(), refusal(1000, s.kind));
  }
  return { ok: true, ticket: { action, counted, forgetOnSuccess: forgetOnSuccess(states, all), at: now } };
}

/** The secret was right: forget the account's failures and this account's share of the address's. */
export async function attemptSucceeded(ticket: Ticket): Promise<void> {
  const key = (kind: Kind) => ticket.counted.find((c) => c.kind === kind)?.key;
  const address = key("address");
  let share = 1;
  const pair = key("pair");
  if (pair) {
    const row = await db.throttleBucket.findUnique({ where: { key: pair }, select: { failures: true } });
    share = Math.max(1, row?.failures ?? 1);
  }
  await db.throttleBucket.deleteMany({ where: { key: { in: [...ticket.forgetOnSuccess] } } });
  if (!address) return; // a device cookie's attempt: the address was not counted
  await uncount(address, share);
  await db.throttleBucket.deleteMany({ where: { key: address, failures: { lte: 0 } } });
  // Below its limit again (the failures were mostly this account's): no block left to sit out.
  await db.throttleBucket.updateMany({ where: { key: address, failures: { lt: throttlePolicy().maxFailures } }, data: { blockedUntil: null } });
}

/**
 * The secret was wrong. The attempt is already counted; this sets when the next
 * one is accepted (`blockedUntil`, only ever moved later). Attempts still being
 * checked raise the count but set no wait: only real failures do.
 */
export async function attemptFailed(ticket: Ticket): Promise<void> {
  const p = throttlePolicy();
  purgeNowAndThen();
  for (const c of ticket.counted) {
    const wait = waitFor(c.kind, c.failures, p);
    if (wait <= 0) continue;
    const until = new Date(ticket.at + wait);
    await db.throttleBucket.updateMany({
      where: { key: c.key, OR: [{ blockedUntil: null }, { blockedUntil: { lt: until } }] },
      data: { blockedUntil: until },
    });
  }
}

/** A refused attempt, shaped as a form failure (and carrying Retry-After for clients). */
export type Throttled = Failure & { error: "too_many_requests"; retryAfter: number };

export function throttledFailure(retryAfter: number): Throttled {
  return { ...failure("too_many_requests", `Too many attempts. Try again in ${inWords(retryAfter)}.`), error: "too_many_requests", retryAfter };
}

/**
 * The usual shape in one call: begin, run the check, then record its outcome.
 * `check` returns `{ ok }`; if it throws, the attempt stays counted as a failure.
 */
export async function throttled<T extends { ok: boolean }>(
  action: ThrottleAction,
  subject: Subject,
  check: () => Promise<T>,
  options: AttemptOptions = {},
): Promise<T | Throttled> {
  const attempt = await beginAttempt(action, subject, options);
  if (!attempt.ok) {
    countThrottleBlock(action, attempt.scope);
    return throttledFailure(attempt.retryAfter);
  }
  let result: T;
  try {
    result = await check();
  } catch (error) {
    await attemptFailed(attempt.ticket);
    throw error;
  }
  await (result.ok ? attemptSucceeded(attempt.ticket) : attemptFailed(attempt.ticket));
  return result;
}

/** For route handlers: 429 JSON `{ error: "too_many_requests", message }` with Retry-After. */
export function tooManyRequestsResponse(retryAfter: number, headers: Record<string, string> = {}): Response {
  const { message } = throttledFailure(retryAfter);
  return Response.json(
    { error: "too_many_requests", message },
    { status: 429, headers: { ...headers, "Retry-After": String(retryAfter), "Cache-Control": "no-store" } },
  );
}

/** Forgets an account's failures (for an admin helping a user who is locked out). */
export async function resetAccount(account: string): Promise<void> {
  await db.throttleBucket.deleteMany({ where: { key: { endsWith: `|${digest(account)}` } } });
}

/** Deletes counters whose failures are all forgotten (nothing depends on them any more). */
export async function purgeExpiredBuckets(now = Date.now()): Promise<number> {
  const { count } = await db.throttleBucket.deleteMany({ where: { lastFailure: { lt: new Date(now - throttlePolicy().windowMs) } } });
  return count;
}

/** Keeps the table small under a spraying attack: at most every 10 minutes per instance, after the response. */
function purgeNowAndThen(): void {
  nowAndThen("throttle-buckets", PURGE_INTERVAL, () => purgeExpiredBuckets());
}

function refusal(ms: number, kind: Kind): Attempt {
  return { ok: false, retryAfter: Math.max(1, Math.ceil(ms / 1000)), scope: isAccountWide(kind) ? "account" : "address" };
}

/** Counts one attempt atomically; returns the count including it. */
async function count(key: string, stale: boolean, now: number): Promise<number> {
  const at = new Date(now);
  if (stale) {
    // A counter whose failures are all forgotten starts over (only one caller wins this).
    const { count: restarted } = await db.throttleBucket.updateMany({
      where: { key, lastFailure: { lte: new Date(now - throttlePolicy().windowMs) } },
      data: { failures: 1, lastFailure: at, blockedUntil: null },
    });
    if (restarted === 1) return 1;
  }
  const increment = { failures: { increment: 1 }, lastFailure: at };
  try {
    const row = await db.throttleBucket.upsert({
      where: { key },
      create: { key, failures: 1, lastFailure: at },
      update: increment,
      select: { failures: true },
    });
    return row.failures;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Two first attempts raced to create the row: the loser increments it.
    const row = await db.throttleBucket.update({ where: { key }, data: increment, select: { failures: true } });
    return row.failures;
  }
}

const PURGE_INTERVAL = 10 * MINUTE;

/** Counted attempts whose outcome never arrived (a crash) count as failures after this long. */
const IN_FLIGHT = 60_000;

/**
 * Counts one attempt only if the counter still holds `seen` and was closed by
 * real failures that are now waited out, closing it again for `wait` ms. (A
 * counter at its limit with nothing to wait out is full of attempts still being
 * checked: refused.)
 */
async function countIfOpen(key: string, seen: number, now: number, wait: number): Promise<boolean> {
  const at = new Date(now);
  const { count: won } = await db.throttleBucket.updateMany({
    where: {
      key,
      failures: seen,
      OR: [{ blockedUntil: { lte: at } }, { blockedUntil: null, lastFailure: { lte: new Date(now - IN_FLIGHT) } }],
    },
    data: { failures: seen + 1, lastFailure: at, blockedUntil: new Date(now + wait) },
  });
  return won === 1;
}

/** Takes back up to `by` counted attempts, never below zero. */
async function uncount(key: string, by: number): Promise<void> {
  const { count: done } = await db.throttleBucket.updateMany({ where: { key, failures: { gte: by } }, data: { failures: { decrement: by } } });
  if (done === 0) await db.throttleBucket.updateMany({ where: { key, failures: { lt: by } }, data: { failures: 0 } });
}

function inWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  return `${Math.ceil(minutes / 60)} hours`;
}
