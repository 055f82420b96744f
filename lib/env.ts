import "server-only";
import path from "node:path";
import { z } from "zod";

/**
 * The only reader of process.env. Validated once, on first use, so a bad value
 * stops the server at start with a one-line reason instead of failing later.
 */

const boolish = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  GATEHOUSE_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: or postgresql://")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().min(1).optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://auth.example.org" })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  /** The session cookie's Domain: signed in at auth.example.org, signed in at every *.example.org app (forward auth). */
  COOKIE_DOMAIN: z
    .string()
    .transform((d) => d.trim().replace(/^\./, "").toLowerCase())
    .pipe(
      z
        .string()
        .max(253)
        .regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/, "must be a domain name such as example.org"),
    )
    .optional(),
  /** false: the socket address is the client; true: trust X-Forwarded-For from the nearest proxy. */
  TRUST_PROXY: boolish.default(false),
  INSTANCE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  INSTANCE_NAME: z.string().trim().min(1).max(64).default("Gatehouse"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).max(254).optional(),
  // Brute-force throttling (lib/auth/throttle.ts; defaults and reasons in docs/security.md).
  THROTTLE_MAX_FAILURES: z.coerce.number().int().min(3).max(1000).default(10),
  THROTTLE_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  THROTTLE_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(25),
  THROTTLE_ACCOUNT_FAILURES: z.coerce.number().int().min(1).max(99).default(20),
  THROTTLE_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(2).max(100).default(100),
  THROTTLE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(43_200),
  // Code-message budgets (lib/two-factor/send-budget.ts; defaults and reasons in docs/security.md).
  CODE_MESSAGES_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  CODE_MESSAGES_PER_DAY: z.coerce.number().int().min(1).max(1000).default(20),
  CODE_MESSAGES_PER_ADDRESS_HOUR: z.coerce.number().int().min(1).max(1000).default(30),
  CODE_MESSAGES_PER_ADDRESS_DAY: z.coerce.number().int().min(1).max(1000).default(100),
  // Breached-password look-up for new passwords (lib/auth/breached-passwords.ts; off by default, docs/security.md).
  BREACHED_PASSWORD_CHECK: z.enum(["off", "hibp"], { error: "must be off or hibp" }).default("off"),
  BREACHED_PASSWORD_API_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://api.pwnedpasswords.com" })
    .transform((u) => u.replace(/\/+$/, ""))
    .default("https://api.pwnedpasswords.com"),
  BREACHED_PASSWORD_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  // Operations (lib/log.ts, lib/metrics.ts; docs/deployment.md).
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be one of fatal error warn info debug trace silent" })
    .optional(),
  LOG_FORMAT: z.enum(["json", "pretty"], { error: "must be json or pretty" }).default("json"),
  /** GET /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>`; unset, it is 404. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
});

export type Env = Readonly<{
  nodeEnv: "development" | "production" | "test";
  dataDir: string;
  databaseUrl: string;
  databaseKind: "sqlite" | "postgresql";
  port: number;
  hostname: string | undefined;
  publicUrl: string | undefined;
  /** Domain attribute of the session cookie (shared by subdomains), or undefined for a host-only cookie. */
  cookieDomain: string | undefined;
  trustProxy: boolean;
  instanceSecret: string | undefined;
  instanceName: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  throttle: Readonly<{
    /** Failures from one address (per action) before it is blocked. */
    maxFailures: number;
    blockSeconds: number;
    /** Cap of the exponential delay 0.1 s × 2^n. */
    maxDelaySeconds: number;
    /** Failures on one account before its own backoff starts. */
    accountFailures: number;
    /** Consecutive failures on one account after which only known addresses may try. */
    accountMaxFailures: number;
    /** Failures older than this are forgotten. */
    windowSeconds: number;
  }>;
  /** How many code messages may be sent: per user × channel, and per client address (IPv4 /32, IPv6 /64). */
  codeMessages: Readonly<{ perHour: number; perDay: number; perAddressHour: number; perAddressDay: number }>;
  /** Whether, and where, new passwords are looked up among breached ones (k-anonymity range API). */
  breachedPasswords: Readonly<{
    check: "off" | "hibp";
    /** Base URL of the Pwned Passwords range API or a mirror of it (no trailing slash). */
    apiUrl: string;
    /** The whole look-up must finish within this; otherwise the check is skipped (fails open). */
    timeoutMs: number;
  }>;
  /** Unset: info for the server, warn for the CLI and tests (lib/log.ts). */
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent" | undefined;
  logFormat: "json" | "pretty";
  metricsToken: string | undefined;
}>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as in most twelve-factor apps.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid configuration: ${issue.path.join(".")} ${issue.message}`);
  }
  const e = parsed.data;
  if (e.THROTTLE_ACCOUNT_MAX_FAILURES <= e.THROTTLE_ACCOUNT_FAILURES) {
    throw new ConfigError("Invalid configuration: THROTTLE_ACCOUNT_MAX_FAILURES must be greater than THROTTLE_ACCOUNT_FAILURES");
  }
  if (e.COOKIE_DOMAIN && e.PUBLIC_URL) {
    const host = new URL(e.PUBLIC_URL).hostname;
    if (host !== e.COOKIE_DOMAIN && !host.endsWith(`.${e.COOKIE_DOMAIN}`)) {
      throw new ConfigError(`Invalid configuration: COOKIE_DOMAIN must be PUBLIC_URL's host (${host}) or a domain above it`);
    }
  }
  const dataDir = path.resolve(e.GATEHOUSE_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "gatehouse.db")}`;
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    dataDir,
    databaseUrl,
    databaseKind: databaseUrl.startsWith("file:") ? "sqlite" : "postgresql",
    port: e.PORT,
    hostname: e.HOSTNAME,
    publicUrl: e.PUBLIC_URL,
    cookieDomain: e.COOKIE_DOMAIN,
    trustProxy: e.TRUST_PROXY,
    instanceSecret: e.INSTANCE_SECRET,
    instanceName: e.INSTANCE_NAME,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `${e.INSTANCE_NAME} <gatehouse@localhost>`,
    throttle: Object.freeze({
      maxFailures: e.THROTTLE_MAX_FAILURES,
      blockSeconds: e.THROTTLE_BLOCK_SECONDS,
      maxDelaySeconds: e.THROTTLE_MAX_DELAY_SECONDS,
      accountFailures: e.THROTTLE_ACCOUNT_FAILURES,
      accountMaxFailures: e.THROTTLE_ACCOUNT_MAX_FAILURES,
      windowSeconds: e.THROTTLE_WINDOW_SECONDS,
    }),
    codeMessages: Object.freeze({
      perHour: e.CODE_MESSAGES_PER_HOUR,
      perDay: e.CODE_MESSAGES_PER_DAY,
      perAddressHour: e.CODE_MESSAGES_PER_ADDRESS_HOUR,
      perAddressDay: e.CODE_MESSAGES_PER_ADDRESS_DAY,
    }),
    breachedPasswords: Object.freeze({
      check: e.BREACHED_PASSWORD_CHECK,
      apiUrl: e.BREACHED_PASSWORD_API_URL,
      timeoutMs: e.BREACHED_PASSWORD_TIMEOUT_MS,
    }),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metricsToken: e.METRICS_TOKEN,
  });
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
