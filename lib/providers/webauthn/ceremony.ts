import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { isoUint8Array } from "@simplewebauthn/server/helpers";
import { CEREMONY_TIMEOUT_MS, consumeChallenge, storeChallenge, type Binding } from "./challenges";
import { addKey, advanceCounter, keyByCredentialId, recordCloneWarning, storedKeys, type StoredKey } from "./keys";
import { relyingParty } from "./relying-party";
import { parseAssertion, parseAttestation } from "./responses";

/**
 * The two WebAuthn ceremonies on @simplewebauthn/server: registering a key
 * (attestation "none") and answering with one. Every answer first takes its
 * challenge (single use, bound), then the library checks origin, RP ID,
 * signature and flags, then the sign counter must move forward.
 */

type Meta = { ip?: string | null; userAgent?: string | null };
export type Outcome<T = undefined> = ({ ok: true } & (T extends undefined ? object : { value: T })) | { ok: false; message: string };

const transportsOf = (key: StoredKey) => key.transports as AuthenticatorTransportFuture[];

/** Options for adding a key (passkey: discoverable, user verification required). */
export async function registrationOptions(
  user: { id: string; login: string; displayName?: string },
  passkey: boolean,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty();
  const existing = await storedKeys(user.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.login,
    userDisplayName: user.displayName ?? user.login,
    userID: isoUint8Array.fromUTF8String(user.id),
    attestationType: "none",
    timeout: CEREMONY_TIMEOUT_MS,
    excludeCredentials: existing.map((k) => ({ id: k.credentialId, transports: transportsOf(k) })),
    authenticatorSelection: passkey
      ? { residentKey: "required", userVerification: "required" }
      : { residentKey: "discouraged", userVerification: "discouraged" },
  });
  await storeChallenge(options.challenge, { purpose: "register", userId: user.id, bindTo: passkey ? "passkey" : "key" });
  return options;
}

/** Checks a registration answer and stores the key under `name`. */
export async function registerKey(userId: string, raw: string, name: string, passkey: boolean, meta: Meta): Promise<Outcome> {
  const parsed = parseAttestation(raw);
  if (!parsed) return { ok: false, message: "The browser's answer could not be read. Try again." };
  if (!(await consumeChallenge(parsed.challenge, { purpose: "register", userId, bindTo: passkey ? "passkey" : "key" }))) {
    return { ok: false, message: "That request has expired. Try again." };
  }
  const rp = relyingParty();
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: parsed.response,
      expectedChallenge: parsed.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: passkey,
    });
  } catch {
    return { ok: false, message: "The key's answer was not accepted. Try again." };
  }
  if (!verified.verified) return { ok: false, message: "The key's answer was not accepted. Try again." };
  const { credential } = verified.registrationInfo;
  const added = await addKey(
    userId,
    { credentialId: credential.id, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports ?? [], name, passkey },
    meta,
  );
  return added ? { ok: true } : { ok: false, message: "This key is already registered." };
}

/** Options for answering with one of the user's keys, bound to `binding` (a sign-in); `address` as storeChallenge takes it. */
export async function authenticationOptions(
  keys: StoredKey[],
  binding: Binding,
  userVerification: "required" | "discouraged",
  address: string | null = null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials: keys.map((k) => ({ id: k.credentialId, transports: transportsOf(k) })),
    userVerification,
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await storeChallenge(options.challenge, binding, address);
  return options;
}

const refused = { ok: false as const, message: "That security key was not accepted." };

/**
 * Checks an assertion: its challenge taken for `binding`, the credential one of
 * `owner`'s (any user's when null: a passkey names its owner), a valid
 * signature, user verification when asked, and a counter that moved forward.
 * Returns the key that answered.
 */
export async function checkAssertion(
  raw: string,
  binding: Binding,
  owner: string | null,
  requireUserVerification: boolean,
  meta: Meta,
): Promise<Outcome<StoredKey>> {
  const parsed = parseAssertion(raw);
  if (!parsed) return refused;
  if (!(await consumeChallenge(parsed.challenge, binding))) return { ok: false, message: "That security key request has expired or was already used." };
  const key = await keyByCredentialId(parsed.response.id);
  if (!key || (owner !== null && key.userId !== owner) || (requireUserVerification && !key.passkey)) return refused;
  const rp = relyingParty();
  let info;
  try {
    const result = await verifyAuthenticationResponse({
      response: parsed.response,
      expectedChallenge: parsed.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // The counter is checked below, after the signature, so that only a genuine answer can raise a clone warning.
      credential: { id: key.credentialId, publicKey: new Uint8Array(key.publicKey), counter: 0, transports: transportsOf(key) },
      requireUserVerification,
    });
    if (!result.verified) return refused;
    info = result.authenticationInfo;
  } catch {
    return refused;
  }
  if (owner === null && parsed.response.response.userHandle !== undefined && parsed.response.response.userHandle !== isoBase64UserId(key.userId))
    return refused;
  const seen = info.newCounter;
  if ((seen > 0 || key.counter > 0) && seen <= key.counter) {
    await recordCloneWarning(key, seen, meta);
    return refused;
  }
  if (!(await advanceCounter(key, seen))) return refused;
  return { ok: true, value: key };
}

function isoBase64UserId(userId: string): string {
  return Buffer.from(userId, "utf8").toString("base64url");
}
