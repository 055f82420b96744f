import { generate } from "otplib";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { recordSecret as record } from "./secrets";

/** The TOTP code for a base32 secret, `offset` steps from now (as an authenticator app would show it). */
export async function totp(secret: string, offset = 0): Promise<string> {
  record("TOTP secret", secret);
  return record("TOTP code", await generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 }));
}

/** Decodes a QR code from a PNG data URL, as a phone camera would. */
export function decodeQr(dataUrl: string): string | null {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64"));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/** The HOTP code a hardware key with this secret (hex) types at press number `counter` (RFC 4226). */
export async function hotp(secretHex: string, counter: number): Promise<string> {
  record("HOTP secret", secretHex);
  return record("HOTP code", await generate({ strategy: "hotp", secret: Uint8Array.from(Buffer.from(secretHex, "hex")), counter, digits: 6 }));
}
