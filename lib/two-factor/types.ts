import type { ClientMeta } from "@/lib/auth/request-meta";
import type { Tx } from "@/lib/two-factor/provider-state";

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
  /**
   * Answered by the browser instead of a typed code: the options of a WebAuthn
   * `navigator.credentials.get` (JSON, as @simplewebauthn/server makes them).
   * The page runs the ceremony and posts its JSON result as the answer.
   */
  webauthnRequest?: object;
};

/** An extra field of the generic set-up form (e.g. a hardware key's secret), shown before the code. */
export type SetupField = { name: string; label: string; hint?: string; maxLength: number };

/** What the generic set-up form shows for a provider. */
export type SetupView = {
  steps: string[];
  /** Fields the user fills in before the code; their values reach `setup.finish` as `fields`. */
  fields?: SetupField[];
  /** A QR code to scan, as a PNG data URL, with its text equivalent. */
  qr?: { dataUrl: string; alt: string };
  secret?: { label: string; value: string; copyValue: string };
  inputLabel: string;
  inputMode: "numeric" | "text";
  maxLength: number;
  /**
   * Answered by the browser: the options of a WebAuthn `navigator.credentials.create`
   * (JSON). The form runs the ceremony and posts its JSON result as the code,
   * with the view's `fields` (a name for the key, say).
   */
  webauthnCreate?: object;
};

/**
 * Where a provider that sends something (a code message) stands for one
 * challenge; messages are safe to show. "unsent": the page offers "Send code";
 * "sent": the answer form, and "Send a new code" from `resendAt`; "failed": the
 * last send failed; "blocked": a send budget is used up until `until`.
 */
export type DeliveryState =
  | { status: "unsent"; prompt: string }
  | { status: "sent"; resendAt: Date }
  | { status: "failed"; message: string; resendAt: Date }
  | { status: "blocked"; message: string; until: Date };

/** What `resendChallenge` reports; `message` is safe to show the user. */
export type ResendResult = { ok: true; message: string } | { ok: false; message: string; retryAfterSeconds?: number };

/**
 * (contract) How a session was made, recorded on it and sent to protected apps
 * as Remote-Auth-Methods: the password, then the factor's method. Only hwk and
 * passkey are phishing resistant.
 */
export const AUTH_METHODS = ["pwd", "otp", "sms", "email", "msg", "hwk", "passkey", "recovery"] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export type SecondFactorProvider = {
  id: string;
  displayName: string;
  description: string;
  /** An SVG path (24×24 viewBox, stroked) drawn next to the provider's name. */
  icon: string;
  /** "recovery" providers (backup codes) never turn two-factor on by themselves. */
  kind: "factor" | "recovery";
  /** How the owner's on/off e-mails name it ("Signal codes"); default: displayName. */
  factorName?: string;
  /** The method a session solved with it records (AUTH_METHODS); default "otp" for a factor, "recovery" for a recovery provider. */
  method?: AuthMethod;
  /** The longest answer `verify` is handed (default 256 characters); longer ones are wrong without asking it. */
  maxAnswerLength?: number;
  challengeView(ctx: ProviderContext): Promise<ChallengeView>;
  /**
   * Optional: shown on the challenge page and after use it leads the user to set
   * up a new factor (the admin bypass code).
   */
  promptsSetup?: boolean;
  /**
   * Optional: "Send code" on the challenge page — only ever on that POST, never
   * when the page opens. Idempotent per challenge: a double click sends once.
   * When it cannot send (the gateway failed, a send budget is used up) it
   * throws an Error carrying `userMessage`, a sentence safe to show; the page
   * shows it and offers the other ways in.
   */
  beginChallenge?(ctx: ProviderContext): Promise<void>;
  /** Optional, with `beginChallenge`: what the challenge page shows before anything is sent. */
  deliveryState?(ctx: ProviderContext): Promise<DeliveryState>;
  /**
   * Optional: "Send a new code" on the challenge page. Refused (ok: false, with
   * retryAfterSeconds) during the provider's cooldown; `message` is safe to show.
   */
  resendChallenge?(ctx: ProviderContext): Promise<ResendResult>;
  verify(ctx: ProviderContext, input: string): Promise<VerifyResult>;
  /**
   * Optional: whether it can be set up now (e.g. its message gateway is
   * configured). Absent: always. Settings and set-up at login list only
   * available providers; users who already have it on keep it (fail closed).
   */
  isAvailable?(): Promise<boolean>;
  /**
   * Optional: the user can set it up — from settings, and at login (under
   * enforcement) when `atLogin`. `begin` shows what to do; `finish` checks the
   * answer (and the view's `fields`) and, when right, turns the provider on for
   * the user (with `turnFactorOn`). The generic set-up form serves both places.
   */
  setup?: {
    atLogin: boolean;
    begin(ctx: ProviderContext): Promise<SetupView>;
    finish(ctx: ProviderContext, input: string, fields?: Readonly<Record<string, string>>): Promise<VerifyResult>;
  };
  /**
   * Optional: deletes the user's data of this provider when the factor is turned
   * off (by the user, an admin or the CLI), inside the core's transaction that
   * also switches its state off and logs it. Absent: only the state is switched.
   */
  forget?(tx: Tx, userId: string): Promise<void>;
  /** Optional: deletes every user's data (cleanup after uninstalling it); returns how many items went. */
  forgetAll?(tx: Tx): Promise<number>;
  /** Optional admin capability, only where no user input is needed. */
  enableFor?(userId: string): Promise<void>;
};
