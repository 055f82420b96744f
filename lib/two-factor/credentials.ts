import "server-only";
import { decryptSecret, encryptSecret } from "@/lib/crypto/encryption";
import { db } from "@/lib/db";
import type { Tx } from "@/lib/two-factor/provider-state";

/**
 * Storage for providers that bring no table of their own (a provider package
 * cannot add to Gatehouse's schema): one secret per user and provider,
 * AES-256-GCM encrypted and bound to both, and a counter that only moves
 * forward, by conditional update, so a counter value is claimed once.
 */

export type ProviderCredential = { secret: string; counter: number };
/** A credential as read: `stamp` identifies the stored row's version (opaque). */
export type StoredCredential = ProviderCredential & { readonly stamp: string };

export type ProviderCredentials = {
  read(userId: string): Promise<StoredCredential | null>;
  /** Stores a new credential (inside `turnFactorOn`); false when the user already has one. */
  create(tx: Tx, userId: string, credential: ProviderCredential): Promise<boolean>;
  /**
   * Moves the counter to `next` if it is still at most `used` and the row is the
   * one read (not replaced since): of any number of concurrent claims of `used`, one wins.
   */
  claim(userId: string, read: StoredCredential, used: number, next: number): Promise<boolean>;
  remove(tx: Tx, userId: string): Promise<void>;
  removeAll(tx: Tx): Promise<number>;
};

export function providerCredentials(providerId: string): ProviderCredentials {
  const context = (userId: string) => `credential:${providerId}:${userId}`;
  const key = (userId: string) => ({ userId_providerId: { userId, providerId } });
  return {
    async read(userId) {
      const row = await db.providerCredential.findUnique({ where: key(userId) });
      return row ? { secret: decryptSecret(row.secret, context(userId)), counter: row.counter, stamp: row.secret } : null;
    },
    async create(tx, userId, credential) {
      if (await tx.providerCredential.findUnique({ where: key(userId), select: { userId: true } })) return false;
      await tx.providerCredential.create({
        data: { userId, providerId, secret: encryptSecret(credential.secret, context(userId)), counter: credential.counter },
      });
      return true;
    },
    async claim(userId, read, used, next) {
      const { count } = await db.providerCredential.updateMany({
        where: { userId, providerId, secret: read.stamp, counter: { lte: used } },
        data: { counter: next },
      });
      return count === 1;
    },
    async remove(tx, userId) {
      await tx.providerCredential.deleteMany({ where: { userId, providerId } });
    },
    async removeAll(tx) {
      return (await tx.providerCredential.deleteMany({ where: { providerId } })).count;
    },
  };
}
