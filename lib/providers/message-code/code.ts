import "server-only";
import { randomInt } from "node:crypto";
import { constantTimeEqual, hashSecret } from "@/lib/crypto/random";
import { normalizeDigits } from "@/lib/two-factor/provider-api";
import { CODE_LENGTH } from "@/lib/providers/message-code/limits";

/**
 * A message code: 6 random digits. Only a keyed hash is stored, and the hash
 * covers what the code is for — provider, user, purpose, login challenge and
 * recipient — so a code is worth nothing anywhere else.
 */

export type CodeBinding = {
  userId: string;
  providerId: string;
  purpose: "login" | "setup";
  challengeId: string | null;
  recipient: string;
};

export function newCode(): string {
  return String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, "0");
}

export function hashCode(binding: CodeBinding, code: string): string {
  const { providerId, userId, purpose, challengeId, recipient } = binding;
  return hashSecret(["message-code", providerId, userId, purpose, challengeId ?? "", recipient, code].join("\u0000"));
}

export function codeMatches(binding: CodeBinding, storedHash: string, code: string): boolean {
  return constantTimeEqual(storedHash, hashCode(binding, code));
}

/** What the user typed, as 6 digits ("123 456" and "123-456" too), or null. */
export function normalizeCode(input: unknown): string | null {
  return normalizeDigits(input, CODE_LENGTH);
}
