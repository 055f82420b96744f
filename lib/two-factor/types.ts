import type { ClientMeta } from "@/lib/auth/request-meta";

/**
 * The contract between the two-factor core and a provider (Nextcloud's IProvider
 * plus its optional capabilities, as properties). The core owns the challenge
 * row, attempts, consuming it once and creating the session; a provider only
 * says whether an answer is right, and manages its own per-user data.
 */

export type ProviderContext = {
  userId: string;
  login: string;
  meta: ClientMeta;
  /** The login challenge being solved (for codes bound to one sign-in). */
  challengeId?: string;
};

export type VerifyResult = { ok: true } | { ok: false; message?: string };

/** What the generic challenge form shows for a provider. */
export type ChallengeView = {
  prompt: string;
  inputLabel: string;
  inputMode: "numeric" | "text";
  autoComplete?: "one-time-code" | "off";
  placeholder?: string;
  maxLength: number;
};

/**
 * What `beginChallenge` and `resendChallenge` report. A failure's `message` is
 * safe to show the user (no secrets, no service error text), e.g. "The code
 * could not be sent via Signal: the gateway did not answer." The core shows it
 * and offers the user's other providers and backup codes. `retryAfterSeconds`:
 * when asking again makes sense (resend cooldown).
 */
export type BeginChallengeResult =
  | { ok: true; message?: string }
  | { ok: false; message: string; retryAfterSeconds?: number };

export type SecondFactorProvider = {
  id: string;
  displayName: string;
  description: string;
  /** An SVG path (24×24 viewBox, stroked) drawn next to the provider's name. */
  icon: string;
  /** "recovery" providers (backup codes) never turn two-factor on by themselves. */
  kind: "factor" | "recovery";
  isEnabledFor(userId: string): Promise<boolean>;
  challengeView(ctx: ProviderContext): Promise<ChallengeView>;
  /**
   * Optional: act when the challenge page opens (e.g. send a code). Idempotent
   * per challenge: a refresh sends nothing new. May report a failure to show.
   */
  beginChallenge?(ctx: ProviderContext): Promise<BeginChallengeResult | void>;
  /** Optional: "Resend" — a new code for this challenge; refused (with retryAfterSeconds) during the provider's cooldown. */
  resendChallenge?(ctx: ProviderContext): Promise<BeginChallengeResult>;
  verify(ctx: ProviderContext, input: string): Promise<VerifyResult>;
  /**
   * Optional: whether it can be set up now (e.g. its message gateway is
   * configured). Absent: always. It never affects users who already have the
   * provider on (isEnabledFor stays true: fail closed).
   */
  isAvailable?(): Promise<boolean>;
  /** Optional: the user can set it up (from settings; at login when `atLogin`). */
  setup?: { atLogin: boolean };
  /** Optional admin capabilities. `enableFor` only where no user input is needed. */
  disableFor?(userId: string): Promise<void>;
  enableFor?(userId: string): Promise<void>;
  /** Removes the provider's data for every user (after uninstalling it). */
  cleanup?(): Promise<number>;
};
