import "server-only";
import { log } from "@/lib/log";
import { decryptSecret, encryptSecret } from "@/lib/crypto/encryption";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import type { GatewayChannel, GatewayField } from "@/lib/gateways/types";
import { recordEvent } from "@/lib/security/events";
import { fieldErrors } from "@/lib/validation";

/**
 * A channel's admin configuration: validated with the channel's schema, stored
 * as AES-256-GCM encrypted JSON bound to its row ("gateway:<channel>"), never
 * returned to a page or printed. Status columns live beside it.
 * A row whose `config` is "" holds only status (a channel configured from the
 * environment).
 */

export type LoadedGateway = { config: unknown; source: "database" | "environment"; secrets: string[] };

const context = (channel: GatewayChannel) => `gateway:${channel.id}`;

/** The fields that apply to these values (a field with `when` only when its condition holds). */
export function applicableFields(channel: GatewayChannel, values: Record<string, string | undefined>): GatewayField[] {
  return channel.fields.filter((f) => !f.when || values[f.when.key] === f.when.equals);
}

/** The secrets inside a configuration, to be cut out of anything logged or shown. */
export function secretsOf(channel: GatewayChannel, config: unknown): string[] {
  const values = config as Record<string, unknown>;
  const out: string[] = [];
  for (const field of channel.fields) {
    const value = values[field.key];
    if (!field.secret || typeof value !== "string" || value.length < 4) continue;
    out.push(value, encodeURIComponent(value));
    try {
      const url = new URL(value);
      if (url.password) out.push(url.password, decodeURIComponent(url.password));
    } catch {
      // not a URL
    }
  }
  return out.filter((s) => s.length >= 4);
}

/** The configuration in force: stored, or else from the environment, or null. */
export async function loadGateway(channel: GatewayChannel): Promise<LoadedGateway | null> {
  const row = await db.gatewayConfig.findUnique({ where: { channel: channel.id }, select: { config: true } });
  if (row && row.config !== "") {
    let parsed;
    try {
      parsed = channel.configSchema.safeParse(JSON.parse(decryptSecret(row.config, context(channel))));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      log.error("gateway: the stored configuration cannot be read; configure the channel again", { channel: channel.id });
      return null;
    }
    return { config: parsed.data, source: "database", secrets: secretsOf(channel, parsed.data) };
  }
  const fromEnv = channel.fromEnvironment?.();
  if (!fromEnv) return null;
  const parsed = channel.configSchema.safeParse(fromEnv);
  if (!parsed.success) return null;
  return { config: parsed.data, source: "environment", secrets: secretsOf(channel, parsed.data) };
}

export async function isGatewayConfigured(channel: GatewayChannel): Promise<boolean> {
  return (await loadGateway(channel)) !== null;
}

/** The stored values as strings (to keep what an admin does not re-enter). Secrets included: never print these. */
export async function storedValues(channel: GatewayChannel): Promise<Record<string, string>> {
  const loaded = await loadGateway(channel);
  if (!loaded || loaded.source !== "database") return {};
  return Object.fromEntries(
    Object.entries(loaded.config as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, String(v)]),
  );
}

/** Validates an admin's input for a channel (nothing stored). Empty values count as not given; fields' defaults fill in. */
export function parseGatewayConfig(channel: GatewayChannel, input: Record<string, string | undefined>): Result<unknown> {
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => typeof v === "string" && v.trim() !== "")) as Record<string, string>;
  const unknown = Object.keys(given).find((k) => !channel.fields.some((f) => f.key === k));
  if (unknown) return failure("invalid_input", `${channel.displayName} has no setting "${unknown.slice(0, 40)}".`);
  // Defaults fill what was not given, in field order (a choice decides which fields follow).
  const values: Record<string, string> = {};
  for (const field of channel.fields) {
    if (!applicableFields(channel, { ...given, ...values }).includes(field)) continue;
    const value = given[field.key] ?? field.defaultValue;
    if (value !== undefined) values[field.key] = value;
  }
  const parsed = channel.configSchema.safeParse(values);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    return failure("invalid_input", Object.values(fields)[0] ?? "Some of the input is not valid.", fields);
  }
  return { ok: true, data: parsed.data };
}

/** Validates and stores a channel's configuration (replacing any stored one, and its status). */
export async function configureGateway(channel: GatewayChannel, input: Record<string, string | undefined>, actor: string): Promise<Result> {
  const parsed = parseGatewayConfig(channel, input);
  if (!parsed.ok) return parsed;
  const config = encryptSecret(JSON.stringify(parsed.data), context(channel));
  await db.$transaction(async (tx) => {
    await tx.gatewayConfig.upsert({
      where: { channel: channel.id },
      create: { channel: channel.id, config },
      update: { config, lastStatus: null, lastError: null, lastCheckedAt: null },
    });
    // Which channel, never its settings: they hold the service's secrets.
    await recordEvent(tx, { userId: null, actor, type: "admin.gateway_changed", details: { channel: channel.id, change: "configured" } });
  });
  return { ok: true };
}

/** Forgets a channel's stored configuration and status. False when there was none. */
export async function removeGateway(channel: GatewayChannel, actor: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.gatewayConfig.deleteMany({ where: { channel: channel.id } });
    if (count) await recordEvent(tx, { userId: null, actor, type: "admin.gateway_changed", details: { channel: channel.id, change: "removed" } });
    return count > 0;
  });
}

/** The non-secret settings users may see (e.g. the Telegram bot's name); {} when not configured. */
export async function publicGatewayInfo(channel: GatewayChannel): Promise<Record<string, string>> {
  const loaded = await loadGateway(channel);
  return loaded && channel.publicInfo ? channel.publicInfo(loaded.config) : {};
}
