import { generateSecret, generateURI, verify } from "otplib";
import { normalizeDigits } from "@/lib/two-factor/provider-api";

/**
 * TOTP as every authenticator app reads it (RFC 6238): 160-bit secret, SHA-1,
 * 6 digits, 30-second steps, ±1 step of clock drift.
 */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** otpauth://totp/<issuer>:<login>?secret=…&issuer=… */
export function totpUri(issuer: string, login: string, secret: string): string {
  return generateURI({ issuer, label: login, secret, algorithm: "sha1", digits: TOTP_DIGITS, period: TOTP_PERIOD });
}

/** The secret in groups of four for typing it in by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

/** "123 456", "123-456" → "123456"; anything else that is not 6 digits → null. */
export function normalizeCode(input: string): string | null {
  return normalizeDigits(input, TOTP_DIGITS);
}

/**
 * The time step a code belongs to (within ±1 step of now), or null. Steps at or
 * before `afterStep` are refused, so a used code cannot come back — also when
 * the clock went back past `afterStep`: no step in reach is newer, so the code
 * is wrong (otplib would throw on such an `afterTimeStep`).
 */
export async function matchingStep(secret: string, input: string, afterStep: number | null, epoch = Date.now() / 1000): Promise<number | null> {
  const token = normalizeCode(input);
  if (!token) return null;
  const now = Math.floor(epoch);
  if (afterStep !== null && afterStep >= Math.floor(now / TOTP_PERIOD) + 1) return null;
  const result = await verify({
    secret,
    token,
    epoch: now,
    epochTolerance: TOTP_PERIOD,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
