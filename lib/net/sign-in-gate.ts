import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { ERRORS } from "@/lib/errors";
import { bodyArrived } from "@/lib/net/body-arrival";
import { addressBucket, clientAddress } from "@/lib/net/client-address";
import { SignInLine } from "@/lib/net/sign-in-line";

/**
 * Password sign-ins are let through to Next one at a time, and only when the
 * event loop has a moment to spare: signed-in traffic never waits for them.
 *
 * Besides its argon2 hash (on a thread-pool thread), a sign-in costs ~15 ms of
 * the event loop: Next's server-action handling, ~25 queries, two commits,
 * next-auth. A hundred at once — a crowd after an outage, or a
 * credential-stuffing run — kept the event loop busy for the best part of a
 * second, and every signed-in request queued behind them (docs/performance.md).
 * Here, before Next reads them, sign-ins wait in line and cost nothing. One is
 * handled at a time, and when it is answered the next is let in only once the
 * event loop has been mostly idle for a short window (QUIET_WINDOW_MS), or
 * after MAX_DEFER_MS at the latest so sign-ins still progress on a saturated
 * server. A request enters the line only once its body has arrived, so a
 * client that sends it slowly holds no place in front of others.
 *
 * The line is bounded and fair (lib/net/sign-in-line.ts): one client address
 * (IPv6 by its /64) holds at most PLACES_PER_CLIENT places, at most MAX_WAITING
 * sign-ins wait in all, and the next turn goes to the address served least
 * recently. A sign-in over either limit is answered 503 with Retry-After at
 * once; one whose client hangs up while waiting leaves the line at once and is
 * never handled (never reaches argon2).
 */

/** The sign-in form's POST (the server action of /login, with or without JavaScript). */
export function isPasswordSignIn(method: string | undefined, url: string | undefined): boolean {
  if (method !== "POST" || !url) return false;
  const query = url.indexOf("?");
  return (query < 0 ? url : url.slice(0, query)) === "/login";
}

/**
 * The sign-in form's body is well under this (a login, a password of at most
 * 1,024 characters, Next's action fields). A larger one is no browser's sign-in
 * and could never read as complete here — Node stops reading a request nobody
 * consumes at 16 KiB — so it goes to Next (which refuses it) without a place.
 */
const SIGN_IN_BODY_MAX = 12 * 1024;
export const BODY_WAIT_MS = 10_000;
/**
 * A sign-in that has not answered after this long gives its place up and goes on
 * running. One takes ~25 ms (argon2 on a pool thread included); one still going
 * after half a second is waiting — out a throttle pause (up to 2 s), on a slow
 * database — not using the event loop, which the quiet moment checks before the
 * next goes in. Held for its whole run, a line of paused sign-ins from a few
 * addresses let one sign-in through every ~2 s.
 */
export const MAX_HOLD_MS = 500;
/** The next sign-in goes in once the event loop was busy less than QUIET_UTILIZATION of a QUIET_WINDOW_MS window… */
const QUIET_WINDOW_MS = 10;
const QUIET_UTILIZATION = 0.5;
/** …or after this long, whatever the load. */
const MAX_DEFER_MS = 100;
/** Places (waiting or being handled) one client address may hold. */
export const PLACES_PER_CLIENT = 4;
/** Sign-ins waiting at most, from every address together: about four seconds of sign-ins (a crowd of 100 after an outage fits). */
export const MAX_WAITING = 128;
/** Roughly what one sign-in takes end to end, for telling a refused client when to come back. */
const SIGN_IN_SECONDS = 0.03;

export class SignInGate {
  #busy = 0;
  readonly #line = new SignInLine(PLACES_PER_CLIENT, MAX_WAITING);

  constructor(readonly size = 1) {}

  /**
   * Hands `req` to `handle` when its turn comes; the place is given back when the
   * response closes, or after MAX_HOLD_MS. `client` is the address bucket the place is counted against
   * (scripts/serve.ts passes the one it derived, honouring TRUST_PROXY).
   */
  admit(req: IncomingMessage, res: ServerResponse, handle: () => unknown, client = socketClient(req)): void {
    if (Number(req.headers["content-length"] ?? 0) > SIGN_IN_BODY_MAX) return void handle();
    void bodyArrived(req, BODY_WAIT_MS).then((arrived) => {
      // A sign-in form (~1 KB) still on its way after BODY_WAIT_MS is a slowloris, or a
      // link too poor to sign in on: refused, never handed to Next (which would start
      // handling each of thousands of them at once).
      if (!arrived) return refuse(res, "request_timeout");
      if (hungUp(req, res)) return; // nobody to answer: nothing is handled
      if (!this.#line.hasRoomFor(client)) return refuse(res, "sign_in_busy", this.#retryAfter());
      this.#enter(client, req, res, handle);
    });
  }

  get queued(): number {
    return this.#line.waiting;
  }

  #enter(client: string, req: IncomingMessage, res: ServerResponse, handle: () => unknown): void {
    const run = () => this.#run(client, req, res, handle);
    if (this.#busy < this.size && this.#line.waiting === 0) {
      this.#busy++;
      this.#line.hold(client);
      return run();
    }
    const ticket = this.#line.wait(client, () => {
      req.off("close", drop);
      res.off("close", drop);
      run();
    });
    // A client that hangs up while waiting leaves the line now, not when its turn comes.
    const drop = () => this.#line.drop(ticket);
    req.once("close", drop);
    res.once("close", drop);
  }

  #run(client: string, req: IncomingMessage, res: ServerResponse, handle: () => unknown): void {
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      clearTimeout(timer);
      this.#line.release(client);
      this.#next();
    };
    const timer = setTimeout(leave, MAX_HOLD_MS);
    if (hungUp(req, res)) return leave();
    res.once("close", leave);
    handle();
  }

  #next(): void {
    if (this.#line.waiting === 0) return void this.#busy--;
    void quietMoment().then(() => {
      if (!this.#line.serveNext()) this.#busy--;
    });
  }

  #retryAfter(): number {
    return Math.max(1, Math.ceil((this.#line.waiting + this.#busy) * SIGN_IN_SECONDS));
  }
}

function socketClient(req: IncomingMessage): string {
  return addressBucket(clientAddress(req.socket.remoteAddress, undefined, false));
}

function hungUp(req: IncomingMessage, res: ServerResponse): boolean {
  return req.destroyed || res.closed || req.socket.destroyed;
}

/** Answers at once and closes the connection, which ends a pipeline of further sign-ins behind this one unread. */
function refuse(res: ServerResponse, code: "sign_in_busy" | "request_timeout", retryAfterSeconds?: number): void {
  const { status, message } = ERRORS[code];
  res.writeHead(status, {
    "content-type": "application/json",
    connection: "close",
    ...(retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {}),
  });
  res.end(JSON.stringify({ error: code, message }));
}

/**
 * Resolves once the event loop was busy for less than QUIET_UTILIZATION of the
 * last QUIET_WINDOW_MS (what is waiting for it — signed-in requests, the last
 * sign-in's tail — has run), or after MAX_DEFER_MS.
 */
function quietMoment(): Promise<void> {
  const started = performance.now();
  return new Promise((resolve) => {
    let mark = performance.eventLoopUtilization();
    const check = () => {
      const window = performance.eventLoopUtilization(mark);
      mark = performance.eventLoopUtilization();
      if (window.utilization < QUIET_UTILIZATION || performance.now() - started >= MAX_DEFER_MS) return resolve();
      setTimeout(check, QUIET_WINDOW_MS);
    };
    setTimeout(check, QUIET_WINDOW_MS);
  });
}
