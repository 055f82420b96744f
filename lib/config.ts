import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { recordEvent } from "@/lib/security/events";

/**
 * Instance-wide settings an admin changes at run time (`gatehouse config:get|set`),
 * one AppConfig row a key. Only the keys listed here can be read or written, each
 * validated by its own schema; a key never set reads as its default.
 */

const boolean = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(["true", "false"], { error: "must be true or false" }));

/** "off" (or 0), or a whole number of days from 1 to 90. */
const trustDays = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z
      .union([z.enum(["off", "0"]).transform(() => "off"), z.string().regex(/^[1-9][0-9]?$/, "must be off or 1–90 (days)")])
      .refine((v) => v === "off" || Number(v) <= 90, {
        message: "must be off or 1–90 (days)",
      }),
  );
const factorUse = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(["allowed", "recovery_only", "off"], { error: "must be allowed, recovery_only or off" }));

const SETTINGS = {
  /** Clients must use app passwords: the login password is refused on the API for everyone. */
  token_auth_enforced: { schema: boolean, default: "false" },
  /** The longest a new app password may last, in days; 0: no limit (never expiring allowed). */
  app_password_max_days: {
    schema: z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, "must be a number of days (0: no limit)")
      .transform((s) => String(Number(s)))
      .pipe(z.string().refine((s) => Number(s) <= 36_500, "must be at most 36500")),
    default: "0",
  },
  /** "Don't ask again on this browser" on the challenge: off, or for how many days (lib/two-factor/trusted-browsers.ts). */
  trusted_browser_days: { schema: trustDays, default: "30" },
  /** Users may sign in with a passkey alone (no password): "Sign in with a passkey" and autofill on the login page. */
  passkey_sign_in: { schema: boolean, default: "true" },
  /**
   * E-mail and SMS codes as second factors (NIST SP 800-63B-4: e-mail is no
   * out-of-band authenticator, SMS is restricted): allowed; recovery_only (they
   * no longer turn 2FA on, and sign in only as "another way" next to a real
   * factor); off (neither offered nor accepted). Read by method (email, sms).
   */
  email_factor: { schema: factorUse, default: "allowed" },
  sms_factor: { schema: factorUse, default: "allowed" },
} as const satisfies Record<string, { schema: z.ZodType<string, string>; default: string }>;

export type ConfigKey = keyof typeof SETTINGS;
export const CONFIG_KEYS = Object.keys(SETTINGS) as ConfigKey[];

export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(SETTINGS, key);
}

export async function getConfig(key: ConfigKey): Promise<string> {
  const row = await db.appConfig.findUnique({ where: { key }, select: { value: true } });
  return row?.value ?? SETTINGS[key].default;
}

/**
 * Validates and stores a value; returns the stored (normalised) value. The change
 * is written to the security log with `actor` (an admin's login or "cli:<user>")
 * in the same transaction.
 */
export async function setConfig(key: string, raw: string, actor: string): Promise<Result<{ key: ConfigKey; value: string }>> {
  if (!isConfigKey(key)) return failure("invalid_input", `Unknown setting "${key.slice(0, 64)}". Known: ${CONFIG_KEYS.join(", ")}.`);
  const parsed = SETTINGS[key].schema.safeParse(raw);
  if (!parsed.success) return failure("invalid_input", `${key} ${parsed.error.issues[0]!.message}.`);
  const value = parsed.data;
  await db.$transaction(async (tx) => {
    await tx.appConfig.upsert({ where: { key }, create: { key, value }, update: { value } });
    await recordEvent(tx, { userId: null, actor, type: "admin.config_changed", details: { setting: key, value } });
  });
  return { ok: true, data: { key, value } };
}

/** Whether the admin requires app passwords for every client (`token_auth_enforced`). */
export async function tokenAuthEnforced(): Promise<boolean> {
  return (await getConfig("token_auth_enforced")) === "true";
}

/** The admin's maximum lifetime of a new app password in days, or null for none. */
export async function appPasswordMaxDays(): Promise<number | null> {
  const days = Number(await getConfig("app_password_max_days"));
  return Number.isInteger(days) && days > 0 ? days : null;
}

/**
 * Structured settings the app manages itself (the 2FA enforcement policy, the
 * providers switched off instance-wide): JSON in an AppConfig row, written only
 * through their own typed modules, never through `config:set`.
 */
export async function readJsonSetting<T>(key: string, fallback: T): Promise<T> {
  const row = await db.appConfig.findUnique({ where: { key }, select: { value: true } });
  if (!row) return fallback;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return fallback;
  }
}

export async function writeJsonSetting(key: string, value: unknown, tx: Prisma.TransactionClient = db): Promise<void> {
  const json = JSON.stringify(value);
  await tx.appConfig.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
}
