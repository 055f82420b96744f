import "server-only";
import { failure, type Result } from "@/lib/errors";
import { loadGateway } from "@/lib/gateways/config";
import { asGatewayError } from "@/lib/gateways/errors";
import { redact } from "@/lib/gateways/redact";
import { phoneNumber } from "@/lib/gateways/recipients";
import { signal, trustSignalIdentity, type SignalConfig } from "@/lib/gateways/signal";
import { recordOutcome } from "@/lib/gateways/status";

/**
 * After a user reinstalled Signal, signal-cli refuses to send to their new
 * identity. The admin (having checked the safety number with the user) trusts
 * it again through the REST API; codes flow again at once.
 */
export async function trustSignalRecipient(raw: string): Promise<Result<{ recipient: string }>> {
  const parsed = phoneNumber.safeParse(raw);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message);
  const loaded = await loadGateway(signal);
  if (!loaded) return failure("channel_unavailable", "Signal is not configured (gateway:configure signal).");
  const config = loaded.config as SignalConfig;
  try {
    await trustSignalIdentity(config, parsed.data, { timeoutMs: config.timeout * 1000 });
  } catch (thrown) {
    const error = asGatewayError(thrown);
    return failure("delivery_failed", `The Signal API refused: ${redact(error.detail, loaded.secrets)}`);
  }
  await recordOutcome(signal, { ok: true });
  return { ok: true, data: { recipient: parsed.data } };
}
