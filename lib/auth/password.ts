import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { Semaphore } from "@/lib/concurrency";

/**
 * argon2id at OWASP's parameters (m=19 MiB, t=2, p=1). At most two hashes run at
 * once (the machine's core count is the useful limit), so a burst of logins
 * queues instead of taking 19 MiB each at the same time.
 */
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const slots = new Semaphore(2);

export function hashPassword(password: string): Promise<string> {
  return slots.run(() => hash(password, OPTIONS));
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash. With no hash (unknown login), a
 * dummy hash is verified instead, so both cases take the same time.
 */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword("gatehouse-dummy-password-for-unknown-users");
  const target = storedHash ?? (await dummyHash);
  const ok = await slots.run(() => verify(target, password).catch(() => false));
  return ok && Boolean(storedHash);
}
