import "server-only";
import { log } from "@/lib/log";
import { countGatewaySend } from "@/lib/metrics";
import { loadGateway } from "@/lib/gateways/config";
import { asGatewayError, GatewayError } from "@/lib/gateways/errors";
import { redact } from "@/lib/gateways/redact";
import { recordOutcome } from "@/lib/gateways/status";
import type { GatewayChannel } from "@/lib/gateways/types";

export type Delivery = { ok: true } | { ok: false; error: GatewayError };

/**
 * Sends one text through a channel with the configuration in force. Never
 * throws for a service failure: the failure is recorded for the admin
 * (GatewayConfig.lastStatus/lastError) and logged with the service's own words,
 * minus the gateway's secrets and minus `sensitive` (the code and the text).
 * `log: false` when the caller shows the failure itself (the CLI's gateway:test).
 */
export async function deliver(
  channel: GatewayChannel,
  recipient: string,
  text: string,
  sensitive: readonly string[] = [],
  options: { log?: boolean } = {},
): Promise<Delivery> {
  const loaded = await loadGateway(channel);
  if (!loaded) {
    countGatewaySend(channel.id, "not_configured");
    return { ok: false, error: new GatewayError("not_configured", `${channel.displayName} is not configured`) };
  }
  const config = loaded.config as { timeout: number };
  try {
    await channel.send(loaded.config, recipient, text, { timeoutMs: config.timeout * 1000 });
    await recordOutcome(channel, { ok: true });
    countGatewaySend(channel.id, "sent");
    return { ok: true };
  } catch (thrown) {
    const raw = asGatewayError(thrown);
    let detail = redact(raw.detail, [...loaded.secrets, text, ...sensitive]);
    const note = channel.failureNote?.(raw, recipient);
    if (note) detail = `${note} — ${detail}`;
    const error = new GatewayError(raw.kind, detail);
    await recordOutcome(channel, { ok: false, error });
    countGatewaySend(channel.id, "failed");
    if (options.log !== false) log.warn("gateway: send failed", { channel: channel.id, kind: error.kind, detail });
    return { ok: false, error };
  }
}
