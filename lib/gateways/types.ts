import type { z } from "zod";
import type { GatewayError, GatewayFailureKind } from "@/lib/gateways/errors";

/**
 * A message channel: what an admin configures (fields + schema), how a text
 * reaches a recipient (`send`), how to tell the service is there (`check`), and
 * what a recipient looks like. A message-code provider is one channel handed to
 * the generic code pattern (lib/providers/message-code).
 */

export const CHANNEL_IDS = ["signal", "telegram", "sms", "threema", "xmpp", "email"] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/** One configuration field, as the CLI prompts for it and an admin page would render it. */
export type GatewayField = {
  /** Key in the stored config; the CLI flag is its kebab-case form (`--auth-token`). */
  key: string;
  label: string;
  /** Prompted without echo; never shown again after saving. */
  secret?: boolean;
  optional?: boolean;
  defaultValue?: string;
  hint?: string;
  choices?: readonly string[];
  /** Asked only when another field has this value (e.g. SMS provider-specific fields). */
  when?: { key: string; equals: string };
};

export type RecipientSpec = {
  label: string;
  placeholder: string;
  /** How the user finds or writes it. */
  hint: string;
  /** The same, with the channel's public settings (e.g. the Telegram bot's name) when the admin gave them. */
  guide?(info: Record<string, string>): string | null;
  inputMode: "tel" | "email" | "text" | "numeric";
  /** Validates and normalises what the user typed (e.g. "+49 170 1234567" → "+491701234567"). */
  schema: z.ZodType<string, string>;
  /** How the recipient is shown once stored: "+49 ••• ••• 89". */
  mask(recipient: string): string;
};

export type SendOptions = { timeoutMs: number };

/** What a status check found: the service answered, with a short detail (never a secret). */
export type CheckResult = { detail: string; /** The service offers no way to check without sending. */ unchecked?: boolean };

export type GatewayChannel<Config = unknown> = {
  id: ChannelId;
  displayName: string;
  fields: readonly GatewayField[];
  /** Validates an admin's input (strings from the CLI or a form) and the stored JSON alike. */
  configSchema: z.ZodType<Config>;
  recipient: RecipientSpec;
  /** What a user should know about the channel's weaknesses, shown where they set it up (ASVS 6.6.1). */
  caveat?: string;
  /** Sends one text; throws GatewayError when the service refuses or does not answer. */
  send(config: Config, recipient: string, text: string, options: SendOptions): Promise<void>;
  /** Asks the service whether it is there and accepts our credentials; sends nothing. */
  check(config: Config, options: SendOptions): Promise<CheckResult>;
  /** What the admin does about a failure of this kind on this channel, after the catalogue's general sentence. */
  adminHints?: Partial<Record<GatewayFailureKind, string>>;
  /** A sentence naming the recipient for the admin's record of a failed send (e.g. which number to trust); null: none. */
  failureNote?(error: GatewayError, recipient: string): string | null;
  /** Non-secret settings users may see (e.g. the Telegram bot's name). */
  publicInfo?(config: Config): Record<string, string>;
  /** A configuration taken from the environment when none is stored (e-mail: SMTP_URL). */
  fromEnvironment?(): Record<string, string> | null;
};
