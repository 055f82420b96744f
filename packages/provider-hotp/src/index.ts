import "server-only";
import {
  constantTimeEqual,
  providerCredentials,
  turnFactorOn,
  type ProviderContext,
  type SecondFactorProvider,
  type SetupView,
  type VerifyResult,
} from "@gatehouse/provider-api";
import { decodeKey, encodeKey, LOOK_AHEAD, matchCounter, parseCodes, parseKey, RESYNC_WINDOW } from "./hotp";

/**
 * HOTP hardware tokens (RFC 4226), as on YubiKey or Feitian OATH-HOTP keys: the
 * user enrols a key by entering its secret (or its QR code's otpauth:// text)
 * and a code it typed; each sign-in takes the next code. Every counter value is
 * accepted once: the core's credential store moves the counter forward by
 * conditional update, so of two requests with one code, one wins.
 */

export const HOTP_ID = "hotp";
const NAME = "Hardware key (HOTP)";
const credentials = providerCredentials(HOTP_ID);

const TOO_FAR = `If your key was pressed many times away from this server, press it twice more and enter both codes, separated by a space.`;

async function verify(ctx: ProviderContext, input: string): Promise<VerifyResult> {
  const stored = await credentials.read(ctx.userId);
  if (!stored) return { ok: false };
  const key = decodeKey(stored.secret, stored.counter);
  const codes = parseCodes(input, key.digits);
  if (!codes) return { ok: false, message: `Enter the ${key.digits}-digit code your key types.` };
  const used = await matchCounter(key, stored.counter, codes, constantTimeEqual);
  if (used === null) return { ok: false, message: codes.length === 1 ? `That code is not right. ${TOO_FAR}` : undefined };
  return (await credentials.claim(ctx.userId, stored, used, used + 1)) ? { ok: true } : { ok: false };
}

async function beginSetup(): Promise<SetupView> {
  return {
    steps: [
      "Find your key's secret: the text of the QR code that came with it (otpauth://hotp/…), or the secret itself in hex or base32 from the card, file or tool you used to program the key.",
      "Enter it below, then touch the key so that it types a code into the second field.",
    ],
    fields: [{ name: "secret", label: "Secret key", hint: "Hex, base32, or otpauth://hotp/… text.", maxLength: 512 }],
    inputLabel: "Code from the key",
    inputMode: "text",
    maxLength: 20,
  };
}

async function finishSetup(ctx: ProviderContext, input: string, fields: Readonly<Record<string, string>> = {}): Promise<VerifyResult> {
  const key = parseKey(fields.secret ?? "");
  if (!key) return { ok: false, message: "That secret is not a HOTP key: enter it in hex or base32 (at least 128 bits), or the otpauth://hotp/… text." };
  const codes = parseCodes(input, key.digits);
  if (!codes) return { ok: false, message: `Touch the key and enter the ${key.digits}-digit code it types.` };
  const used = await matchCounter(key, key.counter, codes, constantTimeEqual);
  if (used === null) return { ok: false, message: `That code does not belong to this secret. ${TOO_FAR}` };
  const change = { userId: ctx.userId, providerId: HOTP_ID, name: NAME, meta: ctx.meta };
  const on = await turnFactorOn(change, (tx) => credentials.create(tx, ctx.userId, { secret: encodeKey(key), counter: used + 1 }));
  return on ? { ok: true } : { ok: false, message: "A hardware key is already set up. Turn it off first to replace it." };
}

const hotpProvider: SecondFactorProvider = {
  id: HOTP_ID,
  displayName: NAME,
  description: `A code typed by a one-time-password key (OATH-HOTP, e.g. YubiKey or Feitian); up to ${LOOK_AHEAD} presses ahead, ${RESYNC_WINDOW} with two codes.`,
  icon: "M7 10h10v8H7zM9 10V7a3 3 0 0 1 6 0v3M12 13v2",
  kind: "factor",
  method: "otp",
  async challengeView() {
    return {
      prompt: "Touch your hardware key to type its code.",
      inputLabel: "Code from the key",
      inputMode: "text",
      autoComplete: "one-time-code",
      maxLength: 20,
    };
  },
  verify,
  setup: { atLogin: false, begin: beginSetup, finish: finishSetup },
  forget: (tx, userId) => credentials.remove(tx, userId),
  forgetAll: (tx) => credentials.removeAll(tx),
};

export default hotpProvider;
