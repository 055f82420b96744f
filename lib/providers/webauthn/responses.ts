import "server-only";
import { decodeClientDataJSON } from "@simplewebauthn/server/helpers";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";

/**
 * The browser's answers (startRegistration / startAuthentication JSON), parsed
 * with bounds before @simplewebauthn/server sees them: anything else is "not
 * right", never an error. The library does the CBOR, COSE and signatures.
 */

const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/);
const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;
const attachment = z.enum(["platform", "cross-platform"]).optional();
const extensions = z.record(z.string().max(64), z.unknown()).default({});

const assertion = z.object({
  id: b64url(1024),
  rawId: b64url(1024),
  type: z.literal("public-key"),
  response: z.object({
    authenticatorData: b64url(4096),
    clientDataJSON: b64url(4096),
    signature: b64url(1024),
    userHandle: b64url(128).optional(),
  }),
  clientExtensionResults: extensions,
  authenticatorAttachment: attachment,
});

const attestation = z.object({
  id: b64url(1024),
  rawId: b64url(1024),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(16384),
    authenticatorData: b64url(4096).optional(),
    transports: z.array(z.enum(TRANSPORTS)).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(4096).optional(),
  }),
  clientExtensionResults: extensions,
  authenticatorAttachment: attachment,
});

/** The longest answer accepted (an attestation with its certificate chain stays well under it). */
export const MAX_ANSWER = 32_768;

function parseJson(raw: string): unknown {
  if (raw.length > MAX_ANSWER) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The challenge the browser signed, as the client data names it (null when unreadable). */
function signedChallenge(clientDataJSON: string, type: "webauthn.get" | "webauthn.create"): string | null {
  try {
    const data = decodeClientDataJSON(clientDataJSON);
    return data.type === type && typeof data.challenge === "string" ? data.challenge : null;
  } catch {
    return null;
  }
}

export type Parsed<T> = { response: T; challenge: string } | null;

export function parseAssertion(raw: string): Parsed<AuthenticationResponseJSON> {
  const parsed = assertion.safeParse(parseJson(raw));
  if (!parsed.success) return null;
  const challenge = signedChallenge(parsed.data.response.clientDataJSON, "webauthn.get");
  return challenge ? { response: parsed.data as AuthenticationResponseJSON, challenge } : null;
}

export function parseAttestation(raw: string): Parsed<RegistrationResponseJSON> {
  const parsed = attestation.safeParse(parseJson(raw));
  if (!parsed.success) return null;
  const challenge = signedChallenge(parsed.data.response.clientDataJSON, "webauthn.create");
  return challenge ? { response: parsed.data as RegistrationResponseJSON, challenge } : null;
}
