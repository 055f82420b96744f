import "server-only";
import { hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * The instance secret: given as INSTANCE_SECRET, or generated on first start and
 * kept in the data folder (mode 0600). Every other key is derived from it, so
 * one file is all there is to back up.
 */

const SECRET_FILE = "instance.secret";

function readOrCreateSecretFile(dataDir: string): string {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  try {
    // "wx": if another process created it first, use theirs.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
}

let secret: string | undefined;

export function instanceSecret(): string {
  if (secret === undefined) {
    const e = env();
    secret = e.instanceSecret ?? readOrCreateSecretFile(e.dataDir);
  }
  return secret;
}

export type KeyPurpose = "auth-jwt" | "token-hash" | "device-cookie" | `encryption-v${number}`;

const derived = new Map<KeyPurpose, Buffer>();

/** A 32-byte key for one purpose, derived with HKDF-SHA256 from the instance secret. */
export function deriveKey(purpose: KeyPurpose): Buffer {
  let key = derived.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", instanceSecret(), "gatehouse", `gatehouse:${purpose}`, 32));
    derived.set(purpose, key);
  }
  return key;
}
