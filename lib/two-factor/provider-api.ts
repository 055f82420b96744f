import "server-only";

/**
 * The two-factor core's public API for providers: the only part of
 * lib/two-factor/ a provider imports — built in (lib/providers/) or from a
 * package (as `@gatehouse/provider-api`). See docs/writing-a-provider.md.
 */

export { AUTH_METHODS } from "@/lib/two-factor/types";
export type {
  AuthMethod,
  ChallengeView,
  DeliveryState,
  ProviderContext,
  ResendResult,
  SecondFactorProvider,
  SetupField,
  SetupView,
  VerifyResult,
} from "@/lib/two-factor/types";
export type { Tx } from "@/lib/two-factor/provider-state";
export { isProviderEnabled, setProviderEnabled } from "@/lib/two-factor/provider-state";
/** Providers the admin switched off instance-wide: a provider that opens a door of its own (passkey sign-in) keeps it shut for them. */
export { switchedOffProviderIds } from "@/lib/two-factor/provider-set";
export { turnFactorOff, turnFactorOn, type FactorChange } from "@/lib/two-factor/factor-switch";
export { providerCredentials, type ProviderCredential, type ProviderCredentials, type StoredCredential } from "@/lib/two-factor/credentials";
export { constantTimeEqual } from "@/lib/crypto/random";
export { normalizeDigits } from "@/lib/two-factor/code-input";
export { codeMessageBudgets, nextSendAt, sendTimeInWords, takeSend } from "@/lib/two-factor/send-budget";
