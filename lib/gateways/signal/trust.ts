import "server-only";
import { constantTimeEqual } from "@/lib/crypto/random";
import { failure, type Result } from "@/lib/errors";
import { loadGateway } from "@/lib/gateways/config";
import { asGatewayError } from "@/lib/gateways/errors";
import { redact } from "@/lib/gateways/redact";
import { phoneNumber } from "@/lib/gateways/recipients";
import { signal, type SignalConfig } from "@/lib/gateways/signal";
import { listIdentities, safetyNumber, trustIdentity, type SignalIdentity, type TrustChoice } from "@/lib/gateways/signal/identities";
import { recordOutcome } from "@/lib/gateways/status";

/**
 * After a user reinstalled Signal, signal-cli refuses to send to their new
 * identity. The admin sees the safety numbers signal-cli knows for them,
 * compares one with the user (in person or on a call) and pins it; trusting
 * every known key without comparing needs its own explicit choice.
 */

export type TrustRequest = { recipient: string; safetyNumber?: string; allKnownKeys?: boolean };
export type TrustOutcome = { recipient: string; identities: SignalIdentity[]; trusted: "safety_number" | "all_known_keys" | null };

type Loaded = { config: SignalConfig; secrets: string[] };

async function signalConfig(): Promise<Loaded | null> {
  const loaded = await loadGateway(signal);
  return loaded ? { config: loaded.config as SignalConfig, secrets: loaded.secrets } : null;
}

/** The choice the admin made, validated: a safety number to pin, all known keys, or none (only show). */
function choiceOf(request: TrustRequest): Result<{ choice: TrustChoice | null }> {
  if (request.safetyNumber !== undefined && request.allKnownKeys) {
    return failure("invalid_input", "Give either --safety-number or --trust-all-known-keys, not both.");
  }
  if (request.allKnownKeys) return { ok: true, data: { choice: { allKnownKeys: true } } };
  if (request.safetyNumber === undefined) return { ok: true, data: { choice: null } };
  const parsed = safetyNumber.safeParse(request.safetyNumber);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message);
  return { ok: true, data: { choice: { safetyNumber: parsed.data } } };
}

const knows = (identities: SignalIdentity[], number: string) => identities.some((i) => constantTimeEqual(i.safety_number.replace(/\s+/g, ""), number));

export async function trustSignalRecipient(request: TrustRequest): Promise<Result<TrustOutcome>> {
  const recipient = phoneNumber.safeParse(request.recipient);
  if (!recipient.success) return failure("invalid_input", recipient.error.issues[0]!.message);
  const chosen = choiceOf(request);
  if (!chosen.ok) return chosen;
  const loaded = await signalConfig();
  if (!loaded) return failure("channel_unavailable", "Signal is not configured (gateway:configure signal).");
  const { config, secrets } = loaded;
  const options = { timeoutMs: config.timeout * 1000 };
  try {
    const identities = await listIdentities(config, recipient.data, options);
    const { choice } = chosen.data;
    if (!choice) return { ok: true, data: { recipient: recipient.data, identities, trusted: null } };
    if ("safetyNumber" in choice && !knows(identities, choice.safetyNumber)) {
      return failure(
        "invalid_input",
        `That is not a safety number signal-cli knows for ${recipient.data}: compare again with the numbers shown by gateway:signal:trust ${recipient.data}.`,
      );
    }
    await trustIdentity(config, recipient.data, choice, options);
    await recordOutcome(signal, { ok: true });
    return { ok: true, data: { recipient: recipient.data, identities, trusted: "safetyNumber" in choice ? "safety_number" : "all_known_keys" } };
  } catch (thrown) {
    const error = asGatewayError(thrown);
    return failure("delivery_failed", `The Signal API refused: ${redact(error.detail, secrets)}`);
  }
}
