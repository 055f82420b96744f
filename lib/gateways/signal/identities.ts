import "server-only";
import { z } from "zod";
import { GatewayError } from "@/lib/gateways/errors";
import { httpRequest, joinUrl } from "@/lib/gateways/http";
import type { SignalConfig } from "@/lib/gateways/signal";
import { signalFailure } from "@/lib/gateways/signal/failure";
import type { SendOptions } from "@/lib/gateways/types";

/**
 * A recipient's identity keys as signal-cli knows them:
 * `GET /v1/identities/{sender}` answers `[{number, status, fingerprint, added,
 * safety_number, uuid}]` (bbernhard/signal-cli-rest-api src/client/client.go
 * IdentityEntry; status is signal-cli's trust level: TRUSTED_VERIFIED,
 * TRUSTED_UNVERIFIED or UNTRUSTED). Trusting one is
 * `PUT /v1/identities/{sender}/trust/{number}` with either
 * `{"verified_safety_number": "…"}` or `{"trust_all_known_keys": true}`.
 */

// Only the shapes signal-cli emits: whatever else a service sends never reaches the admin's terminal.
const identity = z.object({
  number: z.string().catch(""),
  status: z
    .string()
    .regex(/^[A-Z_]{1,32}$/)
    .catch("UNKNOWN"),
  safety_number: z
    .string()
    .regex(/^[\d ]{1,100}$/)
    .catch(""),
  added: z
    .string()
    .regex(/^\d{1,15}$/)
    .catch(""),
});
export type SignalIdentity = z.infer<typeof identity>;

/** A safety number as the user's app shows it: 60 digits, spaces allowed ("12345 67890 …"). */
export const safetyNumber = z
  .string()
  .max(200, "A safety number has 60 digits.")
  .transform((s) => s.replace(/\s+/g, ""))
  .refine((s) => /^\d{60}$/.test(s), "A safety number has 60 digits (Signal shows it as 12 groups of 5 under the contact's “View safety number”).");

export async function listIdentities(c: SignalConfig, recipient: string, options: SendOptions): Promise<SignalIdentity[]> {
  const answer = await httpRequest(joinUrl(c.url, `/v1/identities/${encodeURIComponent(c.number)}`), { method: "GET", timeoutMs: options.timeoutMs });
  if (answer.status !== 200) throw signalFailure(answer, c.number);
  const parsed = z.array(identity).safeParse(answer.json);
  if (!parsed.success) throw new GatewayError("service_error", "GET /v1/identities did not answer with a list of identities");
  return parsed.data.filter((i) => i.number === recipient);
}

export type TrustChoice = { safetyNumber: string } | { allKnownKeys: true };

export async function trustIdentity(c: SignalConfig, recipient: string, choice: TrustChoice, options: SendOptions): Promise<void> {
  const path = `/v1/identities/${encodeURIComponent(c.number)}/trust/${encodeURIComponent(recipient)}`;
  const body = "safetyNumber" in choice ? { verified_safety_number: choice.safetyNumber } : { trust_all_known_keys: true };
  const answer = await httpRequest(joinUrl(c.url, path), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    timeoutMs: options.timeoutMs,
  });
  if (answer.status !== 204 && answer.status !== 200) throw signalFailure(answer, c.number);
}
