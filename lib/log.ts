import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino, { type Logger } from "pino";
import { prettyFactory } from "pino-pretty";
import { env } from "@/lib/env";

/**
 * The application log: one JSON line per event on stdout (pino), or readable
 * lines with LOG_FORMAT=pretty; LOG_LEVEL picks the levels (default info; warn
 * for the CLI, which logs to stderr, and for tests). A line written while a
 * request is handled carries its id (`reqId`: the X-Request-Id the proxy sent,
 * or one made up by scripts/serve.ts). Fields that may hold a secret are
 * replaced by "[redacted]" whatever their level of nesting up to two.
 *
 *   log.info("gateway message sent", { channel: "signal" });
 *   log.error("verify failed", { err: error });
 *
 * scripts/serve.ts and Next's server bundle each load their own copy of this
 * module; the logger and the request context live on globalThis so that both
 * copies write through one and see the same request.
 */

export type LogFields = Record<string, unknown>;

const SECRET_FIELDS = ["authorization", "cookie", "set-cookie", "password", "passphrase", "token", "secret", "appPassword", "otp"];
const REDACT = SECRET_FIELDS.flatMap((f) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(f) ? f : `["${f}"]`;
  const nested = key.startsWith("[") ? key : `.${key}`;
  return [key, `*${nested}`, `*.*${nested}`];
});

type Shared = { context: AsyncLocalStorage<{ requestId: string }>; logger?: Logger; settings?: string; stderr: boolean };
const KEY = Symbol.for("gatehouse.log");
const shared: Shared = ((globalThis as { [KEY]?: Shared })[KEY] ??= { context: new AsyncLocalStorage(), stderr: false });

function logger(): Logger {
  const config = env();
  const level = config.logLevel ?? (shared.stderr || config.nodeEnv === "test" ? "warn" : "info");
  // Both copies of this module read the same settings and share one logger; new settings (tests) make a new one.
  const settings = `${level} ${config.logFormat} ${shared.stderr}`;
  if (shared.logger && shared.settings === settings) return shared.logger;
  // process.stdout/stderr looked up per line: on Linux their writes to files and pipes are synchronous, so a
  // line is out before a crash or process.exit and lines from both copies never interleave (and tests can capture them).
  const out = { write: (line: string) => void (shared.stderr ? process.stderr : process.stdout).write(line) };
  const options: pino.LoggerOptions = {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: "[redacted]" },
    mixin: () => {
      const request = shared.context.getStore();
      return request ? { reqId: request.requestId } : {};
    },
  };
  // Pretty lines are formatted here, in the same synchronous write: pino-pretty's own stream is a pipeline of
  // streams, which wants a stream as destination (it crashed on `out`) and writes later.
  const prettify = prettyFactory({ colorize: false });
  const stream = config.logFormat === "pretty" ? { write: (line: string) => out.write(prettify(line)) } : out;
  shared.logger = pino(options, stream);
  shared.settings = settings;
  return shared.logger;
}

const at =
  (level: "debug" | "info" | "warn" | "error" | "fatal") =>
  (message: string, fields: LogFields = {}): void =>
    logger()[level](fields, message);

export const log = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), fatal: at("fatal") };

/** Whether lines at `level` are written (to skip building costly fields). */
export const logs = (level: "debug" | "info") => logger().isLevelEnabled(level);

/** The CLI: log to stderr (stdout is the command's answer), warnings and errors only unless LOG_LEVEL says otherwise. */
export function logToStderr(): void {
  shared.stderr = true;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id for a request: the proxy's X-Request-Id when it is a plain token, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
}

/** Runs `handle` (and everything it starts) as request `requestId`: its log lines carry the id. */
export function withRequestId<T>(requestId: string, handle: () => T): T {
  return shared.context.run({ requestId }, handle);
}
