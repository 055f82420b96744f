import "server-only";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/security/events";
import { turnFactorOff, turnFactorOn, type Tx } from "@/lib/two-factor/provider-api";
import { z } from "zod";

/**
 * A user's WebAuthn credentials (several per user, each named): the provider's
 * own table, since the core's ProviderCredential store holds one secret per
 * user. Adding the first key turns the factor on, removing the last turns it
 * off — both through the core's factor switch (state, event, e-mail together).
 */

export const WEBAUTHN_ID = "webauthn";
export const WEBAUTHN_NAME = "Security key";

export type KeyInfo = { id: string; name: string; passkey: boolean; createdAt: Date; lastUsedAt: Date | null };
export type StoredKey = {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  passkey: boolean;
  createdAt: Date;
};

export const keyName = z
  .string()
  .transform((s) =>
    s
      .normalize("NFC")
      .replace(/[\u0000-\u001f\u007f]/g, "")
      .trim(),
  )
  .pipe(z.string().min(1, "Give the key a name.").max(64, "A key's name is at most 64 characters."));

const transportList = z.array(z.string().max(16)).max(8).catch([]);

function toStored(row: {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string;
  passkey: boolean;
  createdAt: Date;
}): StoredKey {
  let transports: string[] = [];
  try {
    transports = transportList.parse(JSON.parse(row.transports));
  } catch {
    transports = [];
  }
  return { ...row, transports };
}

export async function listKeys(userId: string): Promise<KeyInfo[]> {
  return db.webAuthnCredential.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, passkey: true, createdAt: true, lastUsedAt: true },
  });
}

/** The user's keys as the ceremonies need them. */
export async function storedKeys(userId: string): Promise<StoredKey[]> {
  return (await db.webAuthnCredential.findMany({ where: { userId }, orderBy: { createdAt: "asc" } })).map(toStored);
}

export async function keyByCredentialId(credentialId: string): Promise<StoredKey | null> {
  const row = await db.webAuthnCredential.findUnique({ where: { credentialId } });
  return row ? toStored(row) : null;
}

type Meta = { ip?: string | null; userAgent?: string | null };
export type NewKey = { credentialId: string; publicKey: Uint8Array; counter: number; transports: string[]; name: string; passkey: boolean };

/** Stores a verified new key and turns the factor on (again), logging which key; false if the credential is already registered. */
export async function addKey(userId: string, key: NewKey, meta: Meta): Promise<boolean> {
  return turnFactorOn(
    { userId, providerId: WEBAUTHN_ID, name: key.passkey ? "Passkey" : WEBAUTHN_NAME, meta },
    async (tx) => {
      if (await tx.webAuthnCredential.findUnique({ where: { credentialId: key.credentialId }, select: { id: true } })) return false;
      await tx.webAuthnCredential.create({
        data: {
          userId,
          credentialId: key.credentialId,
          publicKey: new Uint8Array(key.publicKey),
          counter: key.counter,
          transports: JSON.stringify(key.transports),
          name: key.name,
          passkey: key.passkey,
        },
      });
      return true;
    },
    { details: { provider: WEBAUTHN_ID, name: key.name, passkey: key.passkey } },
  );
}

export async function renameKey(userId: string, id: string, name: string, meta: Meta): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.webAuthnCredential.updateMany({ where: { id, userId }, data: { name } });
    if (count !== 1) return false;
    await recordEvent(tx, { userId, type: "security_key.renamed", ...meta, details: { provider: WEBAUTHN_ID, name } });
    return true;
  });
}

/**
 * Removes one of the user's keys; its next assertion finds no credential. The
 * last one goes through the core's turn-off (the factor is then off).
 */
export async function removeKey(userId: string, id: string, meta: Meta): Promise<boolean> {
  const key = await db.webAuthnCredential.findFirst({ where: { id, userId }, select: { name: true } });
  if (!key) return false;
  const others = await db.webAuthnCredential.count({ where: { userId, id: { not: id } } });
  if (others === 0) {
    let removed = false;
    await turnFactorOff({ userId, providerId: WEBAUTHN_ID, name: WEBAUTHN_NAME, meta }, async (tx) => {
      removed = (await tx.webAuthnCredential.deleteMany({ where: { id, userId } })).count === 1;
    });
    return removed;
  }
  return db.$transaction(async (tx) => {
    if ((await tx.webAuthnCredential.deleteMany({ where: { id, userId } })).count !== 1) return false;
    await recordEvent(tx, { userId, type: "security_key.removed", ...meta, details: { provider: WEBAUTHN_ID, name: key.name } });
    return true;
  });
}

/**
 * Moves a key's sign counter forward after a verified assertion, if it still is
 * where it was read (of two concurrent uses of one assertion, one wins).
 */
export async function advanceCounter(key: StoredKey, next: number): Promise<boolean> {
  const { count } = await db.webAuthnCredential.updateMany({ where: { id: key.id, counter: key.counter }, data: { counter: next, lastUsedAt: new Date() } });
  return count === 1;
}

/** A counter that did not move forward: the key may have been cloned. Logged for the owner; the answer is refused. */
export async function recordCloneWarning(key: StoredKey, seen: number, meta: Meta): Promise<void> {
  await recordEvent(db, { userId: key.userId, type: "security_key.clone_warning", ...meta, details: { provider: WEBAUTHN_ID, stored: key.counter, seen } });
  console.warn(`security key ${key.id} of user ${key.userId}: sign counter went back (${seen} <= ${key.counter}); possible clone`);
}

export async function forgetKeys(tx: Tx, userId: string): Promise<void> {
  await tx.webAuthnCredential.deleteMany({ where: { userId } });
}

export async function forgetAllKeys(tx: Tx): Promise<number> {
  return (await tx.webAuthnCredential.deleteMany({})).count;
}
