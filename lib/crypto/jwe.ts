import "server-only";
import { createDecipheriv, createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Decrypts one kind of compact JWE synchronously with node:crypto: direct key
 * (`alg: "dir"`) and AES-256-CBC + HMAC-SHA-512 (`enc: "A256CBC-HS512"`, RFC
 * 7516, RFC 7518 §5.2.2 and §5.2.5) — what Auth.js (next-auth) issues as its
 * session cookie. jose does the same through WebCrypto: several thread-pool
 * jobs and promise hops per call, a fifth of the server's CPU per cookie
 * request when measured (docs/performance.md). Anything else — another
 * algorithm, an unknown header field, a key id that is not ours, a bad tag —
 * gives null. Bytes in, bytes out: claims are the caller's business.
 */

export type DirectKey = { mac: Buffer; enc: Buffer; kid: string };

/** The 64-byte A256CBC-HS512 key, split as RFC 7518 says, and its RFC 7638 thumbprint (SHA-512), as jose computes it for `kid`. */
export function directKey(key: Buffer): DirectKey {
  if (key.length !== 64) throw new Error("A256CBC-HS512 needs a 64-byte key");
  const jwk = JSON.stringify({ k: key.toString("base64url"), kty: "oct" });
  return { mac: key.subarray(0, 32), enc: key.subarray(32), kid: createHash("sha512").update(jwk).digest("base64url") };
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const HEADER_FIELDS = new Set(["alg", "enc", "kid"]);

function header(encoded: string, key: DirectKey): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    return false;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return false;
  const h = parsed as Record<string, unknown>;
  if (!Object.keys(h).every((k) => HEADER_FIELDS.has(k))) return false;
  return h.alg === "dir" && h.enc === "A256CBC-HS512" && (h.kid === undefined || h.kid === key.kid);
}

/** The plaintext of `token`, or null when it is not a JWE this key made. */
export function decryptDirectJwe(token: string, key: DirectKey): Buffer | null {
  const parts = token.split(".");
  if (parts.length !== 5) return null;
  const [protectedHeader, encryptedKey, ivText, ciphertextText, tagText] = parts as [string, string, string, string, string];
  if (encryptedKey !== "" || ![protectedHeader, ivText, ciphertextText, tagText].every((p) => B64URL.test(p))) return null;
  if (!header(protectedHeader, key)) return null;
  const iv = Buffer.from(ivText, "base64url");
  const ciphertext = Buffer.from(ciphertextText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== 16 || tag.length !== 32 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) return null;
  const aad = Buffer.from(protectedHeader, "ascii");
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length) * 8n);
  const mac = createHmac("sha512", key.mac).update(aad).update(iv).update(ciphertext).update(aadBits).digest().subarray(0, 32);
  if (!timingSafeEqual(mac, tag)) return null;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key.enc, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}
