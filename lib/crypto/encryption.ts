import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveKey } from "@/lib/crypto/keys";

/**
 * Secrets at rest (TOTP seeds, gateway tokens): AES-256-GCM with a key derived
 * from the instance secret. The stored form names its key version —
 * "v1.<iv>.<ciphertext+tag>" — so keys can be rotated without guessing.
 * `context` binds a ciphertext to its place (e.g. "totp:<userId>"): moving it
 * to another row makes it fail to decrypt.
 */
const CURRENT_VERSION = 1;

export function encryptSecret(plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(`encryption-v${CURRENT_VERSION}`), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v${CURRENT_VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

export function decryptSecret(stored: string, context: string): string {
  const match = /^v(\d+)\.([\w-]+)\.([\w-]+)$/.exec(stored);
  if (!match) throw new Error("Not an encrypted secret");
  const [, version, iv, body] = match as unknown as [string, string, string, string];
  const data = Buffer.from(body, "base64url");
  if (data.length < 16) throw new Error("Encrypted secret is truncated");
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(`encryption-v${Number(version)}`), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}
