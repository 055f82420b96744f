import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

/**
 * A software authenticator for integration tests (ES256, attestation "none"):
 * it makes the JSON a browser's startRegistration / startAuthentication would,
 * CBOR by @simplewebauthn's own encoder, signatures by node:crypto. The e2e
 * specs use Chromium's virtual authenticator instead.
 */

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();
const b64 = (data: Uint8Array) => isoBase64URL.fromBuffer(new Uint8Array(data));

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export type SoftKey = { credentialId: Uint8Array; privateKey: KeyObject; x: Buffer; y: Buffer; userHandle: string | null };

export function softKey(userId: string | null = null): SoftKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  return {
    credentialId: new Uint8Array(randomBytes(16)),
    privateKey,
    x: Buffer.from(jwk.x!, "base64url"),
    y: Buffer.from(jwk.y!, "base64url"),
    userHandle: userId === null ? null : Buffer.from(userId, "utf8").toString("base64url"),
  };
}

function counterBytes(counter: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(counter);
  return b;
}

const clientData = (type: string, challenge: string, origin: string) => Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

export function attestation(key: SoftKey, options: { challenge: string; rpId: string; origin: string; uv?: boolean }): string {
  const cose = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, new Uint8Array(key.x)],
    [-3, new Uint8Array(key.y)],
  ]);
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(key.credentialId.length);
  const authData = Buffer.concat([
    sha256(options.rpId),
    Buffer.from([UP | (options.uv ? UV : 0) | AT]),
    counterBytes(0),
    Buffer.alloc(16),
    idLength,
    Buffer.from(key.credentialId),
    Buffer.from(isoCBOR.encode(cose)),
  ]);
  const attestationObject = isoCBOR.encode(
    new Map<string, string | Map<string, string> | Uint8Array>([
      ["fmt", "none"],
      ["attStmt", new Map<string, string>()],
      ["authData", new Uint8Array(authData)],
    ]),
  );
  const id = b64(key.credentialId);
  return JSON.stringify({
    id,
    rawId: id,
    type: "public-key",
    response: {
      clientDataJSON: b64(clientData("webauthn.create", options.challenge, options.origin)),
      attestationObject: b64(attestationObject),
      transports: ["usb"],
    },
    clientExtensionResults: {},
  });
}

export function assertion(key: SoftKey, options: { challenge: string; rpId: string; origin: string; counter: number; uv?: boolean }): string {
  const authData = Buffer.concat([sha256(options.rpId), Buffer.from([UP | (options.uv ? UV : 0)]), counterBytes(options.counter)]);
  const data = clientData("webauthn.get", options.challenge, options.origin);
  const signature = sign("sha256", Buffer.concat([authData, sha256(data)]), key.privateKey);
  const id = b64(key.credentialId);
  return JSON.stringify({
    id,
    rawId: id,
    type: "public-key",
    response: {
      authenticatorData: b64(authData),
      clientDataJSON: b64(data),
      signature: b64(signature),
      ...(key.userHandle ? { userHandle: key.userHandle } : {}),
    },
    clientExtensionResults: {},
  });
}
