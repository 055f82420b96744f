import "server-only";
import type { SecondFactorProvider } from "@/lib/two-factor/provider-api";
import { authenticationOptions, checkAssertion, registerKey, registrationOptions } from "./ceremony";
import { forgetAllKeys, forgetKeys, keyName, storedKeys, WEBAUTHN_ID, WEBAUTHN_NAME } from "./keys";
import { MAX_ANSWER } from "./responses";

/**
 * Security keys and passkeys as a second factor (WebAuthn, @simplewebauthn):
 * the challenge page runs the browser's ceremony with `webauthnRequest` and
 * posts its JSON as the answer. Several named keys per user, added and managed
 * on the settings page (its own panel). The method recorded on the session: hwk.
 */
export const webauthnProvider: SecondFactorProvider = {
  id: WEBAUTHN_ID,
  displayName: WEBAUTHN_NAME,
  description: "A security key (YubiKey, Titan, SoloKey…) or a passkey on this device: touch it to sign in. It cannot be phished.",
  icon: "M15 7a4 4 0 1 1-3.87 5H9v2H7v2H4v-3l5.13-5.13A4 4 0 0 1 15 7Zm1 3h.01",
  kind: "factor",
  method: "hwk",
  maxAnswerLength: MAX_ANSWER,
  async challengeView(ctx) {
    const keys = await storedKeys(ctx.userId);
    // Without a login challenge (no sign-in to bind to) there is nothing to sign.
    const request = ctx.challengeId
      ? await authenticationOptions(keys, { purpose: "authenticate", userId: ctx.userId, bindTo: ctx.challengeId }, "discouraged")
      : undefined;
    return {
      prompt: "Insert or touch your security key, or use the passkey on this device.",
      inputLabel: "Security key",
      inputMode: "text",
      autoComplete: "off",
      maxLength: MAX_ANSWER,
      webauthnRequest: request,
    };
  },
  async verify(ctx, input) {
    if (!ctx.challengeId) return { ok: false };
    const result = await checkAssertion(input, { purpose: "authenticate", userId: ctx.userId, bindTo: ctx.challengeId }, ctx.userId, false, ctx.meta);
    return result.ok ? { ok: true } : { ok: false, message: result.message };
  },
  // Set-up at sign-in (under enforcement, or a phishing_resistant rule); settings use the provider's own panel.
  setup: {
    atLogin: true,
    async begin(ctx) {
      const options = await registrationOptions({ id: ctx.userId, login: ctx.login }, false);
      return {
        steps: ["Name your security key, then insert or touch it (or use this device's passkey) when the browser asks."],
        fields: [{ name: "name", label: "Key name", hint: "So you can tell your keys apart later.", maxLength: 64 }],
        inputLabel: "Security key",
        inputMode: "text",
        maxLength: MAX_ANSWER,
        webauthnCreate: options,
      };
    },
    async finish(ctx, input, fields) {
      const name = keyName.safeParse(fields?.name ?? "");
      if (!name.success) return { ok: false, message: name.error.issues[0]?.message ?? "Give the key a name." };
      const result = await registerKey(ctx.userId, input, name.data, false, ctx.meta);
      return result.ok ? { ok: true } : { ok: false, message: result.message };
    },
  },
  forget: forgetKeys,
  forgetAll: forgetAllKeys,
};
