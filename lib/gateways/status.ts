import "server-only";
import { db } from "@/lib/db";
import { adminAdvice, type AdminAdvice } from "@/lib/gateways/advice";
import { loadGateway } from "@/lib/gateways/config";
import { asGatewayError, GatewayError, type GatewayFailureKind } from "@/lib/gateways/errors";
import { redact } from "@/lib/gateways/redact";
import type { ChannelId, GatewayChannel } from "@/lib/gateways/types";

/**
 * What an admin sees about a channel: configured or not (never a secret),
 * whether the service answers now, and how the last send or check went
 * (GatewayConfig.lastStatus "ok" or a failure kind, lastError the service's words).
 */

export type GatewayStatus = {
  channel: ChannelId;
  displayName: string;
  configured: boolean;
  source: "database" | "environment" | null;
  /** null: not checked (not configured, or the service cannot be checked without sending). */
  reachable: boolean | null;
  detail: string | null;
  lastStatus: string | null;
  lastError: string | null;
  lastCheckedAt: Date | null;
  /** For a failed last send or check: whose problem it is and what to do. */
  advice: AdminAdvice | null;
};

const MAX_ERROR = 1000;

const RECIPIENT_FAILURES: ReadonlySet<string> = new Set<GatewayFailureKind>([
  "unknown_recipient",
  "recipient_unreachable",
  "untrusted_identity",
  "destination_not_allowed",
  "rejected",
]);

/** Records how a send or check went; a channel configured from the environment gets a status-only row. */
export async function recordOutcome(channel: GatewayChannel, outcome: { ok: true } | { ok: false; error: GatewayError }): Promise<void> {
  const data = {
    lastStatus: outcome.ok ? "ok" : outcome.error.kind,
    lastError: outcome.ok ? null : outcome.error.detail.slice(0, MAX_ERROR),
    lastCheckedAt: new Date(),
  };
  await db.gatewayConfig.upsert({ where: { channel: channel.id }, create: { channel: channel.id, config: "", ...data }, update: data });
}

/** Asks the service whether it is there (sends nothing) and records the answer. */
export async function checkGateway(channel: GatewayChannel): Promise<{ ok: true; detail: string; unchecked: boolean } | { ok: false; error: GatewayError }> {
  const loaded = await loadGateway(channel);
  if (!loaded) return { ok: false, error: new GatewayError("not_configured", "not configured") };
  const config = loaded.config as { timeout: number };
  try {
    const result = await channel.check(loaded.config, { timeoutMs: config.timeout * 1000 });
    // A recipient's problem (unknown, untrusted identity) is not solved by the
    // service answering: keep it on show until a send succeeds.
    if (!result.unchecked) {
      const row = await db.gatewayConfig.findUnique({ where: { channel: channel.id }, select: { lastStatus: true } });
      if (!row?.lastStatus || !RECIPIENT_FAILURES.has(row.lastStatus)) await recordOutcome(channel, { ok: true });
    }
    return { ok: true, detail: redact(result.detail, loaded.secrets), unchecked: result.unchecked === true };
  } catch (thrown) {
    const raw = asGatewayError(thrown);
    const error = new GatewayError(raw.kind, redact(raw.detail, loaded.secrets));
    await recordOutcome(channel, { ok: false, error });
    return { ok: false, error };
  }
}

/** A channel's status; with `live`, the service is asked first. */
export async function gatewayStatus(channel: GatewayChannel, { live = false } = {}): Promise<GatewayStatus> {
  const loaded = await loadGateway(channel);
  let reachable: boolean | null = null;
  let detail: string | null = null;
  if (loaded && live) {
    const checked = await checkGateway(channel);
    reachable = checked.ok ? (checked.unchecked ? null : true) : false;
    detail = checked.ok ? checked.detail : `${checked.error.kind}: ${checked.error.detail}`;
  }
  const row = await db.gatewayConfig.findUnique({
    where: { channel: channel.id },
    select: { lastStatus: true, lastError: true, lastCheckedAt: true },
  });
  return {
    channel: channel.id,
    displayName: channel.displayName,
    configured: loaded !== null,
    source: loaded?.source ?? null,
    reachable,
    detail,
    lastStatus: row?.lastStatus ?? null,
    lastError: row?.lastError ?? null,
    lastCheckedAt: row?.lastCheckedAt ?? null,
    advice: row?.lastStatus && row.lastStatus !== "ok" ? adminAdvice(channel, row.lastStatus) : null,
  };
}
