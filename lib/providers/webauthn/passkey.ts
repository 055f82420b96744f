import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { getConfig } from "@/lib/config";
import { hashSecret } from "@/lib/crypto/random";
import { addressBucket } from "@/lib/net/client-address";
import { switchedOffProviderIds } from "@/lib/two-factor/provider-api";
import { authenticationOptions, checkAssertion } from "./ceremony";
import { liveChallengesFrom, type Binding } from "./challenges";
import { WEBAUTHN_ID } from "./keys";

/**
 * Password-less sign-in with a passkey: a discoverable credential that verified
 * its user (PIN, fingerprint, face) is both factors at once. The login page asks
 * for any passkey of this site (no user named yet); the answer names its key,
 * which must be registered as a passkey. It is off when the admin turns it off
 * (`config:set passkey_sign_in false`; passkeys then still work after the
 * password) or switches the security-key provider off (then no key works at all).
 *
 * Asking needs no account, so the requests are bounded: each is bound to the
 * browser that asked (its passkey cookie; a newer request replaces the older),
 * and one client address holds at most MAX_PASSKEY_REQUESTS_PER_ADDRESS live
 * ones (docs/security.md § Passkeys).
 */

/** Live passkey requests one address may hold: browsers behind one NAT, each with a login page open. */
export const MAX_PASSKEY_REQUESTS_PER_ADDRESS = 30;

const binding = (browser: string) => ({ purpose: "passkey", userId: null, bindTo: `browser:${hashSecret(`passkey-browser:${browser}`)}` }) satisfies Binding;

export async function passkeySignInEnabled(): Promise<boolean> {
  const [on, off] = await Promise.all([getConfig("passkey_sign_in"), switchedOffProviderIds()]);
  return on === "true" && !off.includes(WEBAUTHN_ID);
}

/** A fresh request for `browser` (replacing its previous one); null when `address` already holds too many. */
export async function passkeyOptions(browser: string, address: string | null): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const bucket = addressBucket(address || "unknown");
  const bound = binding(browser);
  if ((await liveChallengesFrom("passkey", bucket, bound.bindTo)) >= MAX_PASSKEY_REQUESTS_PER_ADDRESS) return null;
  return authenticationOptions([], bound, "required", bucket);
}

/** The owner of the passkey that answered `browser`'s request, or why not. */
export async function passkeyUser(
  raw: string,
  browser: string | null,
  meta: { ip?: string | null; userAgent?: string | null },
): Promise<{ ok: true; userId: string } | { ok: false; message: string }> {
  const result = browser === null ? null : await checkAssertion(raw, binding(browser), null, true, meta);
  return result?.ok ? { ok: true, userId: result.value.userId } : { ok: false, message: "That passkey was not accepted. Sign in with your password." };
}
