import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { getConfig } from "@/lib/config";
import { authenticationOptions, checkAssertion } from "./ceremony";
import type { Binding } from "./challenges";

/**
 * Password-less sign-in with a passkey: a discoverable credential that verified
 * its user (PIN, fingerprint, face) is both factors at once. The login page asks
 * for any passkey of this site (no user named yet); the answer names its key,
 * which must be registered as a passkey. The admin turns it off with
 * `config:set passkey_sign_in false`; passkeys then still work after the password.
 */

const PASSKEY: Binding = { purpose: "passkey", userId: null, bindTo: null };

export async function passkeySignInEnabled(): Promise<boolean> {
  return (await getConfig("passkey_sign_in")) === "true";
}

export async function passkeyOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return authenticationOptions([], PASSKEY, "required");
}

/** The owner of the passkey that answered, or why not. */
export async function passkeyUser(
  raw: string,
  meta: { ip?: string | null; userAgent?: string | null },
): Promise<{ ok: true; userId: string } | { ok: false; message: string }> {
  const result = await checkAssertion(raw, PASSKEY, null, true, meta);
  return result.ok ? { ok: true, userId: result.value.userId } : { ok: false, message: "That passkey was not accepted. Sign in with your password." };
}
