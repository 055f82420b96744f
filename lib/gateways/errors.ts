import "server-only";

/**
 * Why a message could not be sent. `kind` decides what the user reads (a short,
 * secret-free reason) and what the admin is told to do; `detail` is the
 * service's own answer for the admin (GatewayConfig.lastError, the server log,
 * the CLI), with secrets redacted. Each channel maps its service's answers to
 * these kinds; nothing here names a channel (a channel adds its own admin hint,
 * see `GatewayChannel.adminHints`).
 */
export type GatewayFailureKind =
  | "not_configured"
  | "unreachable"
  | "credentials"
  | "sender_account"
  | "unknown_recipient"
  | "recipient_unreachable"
  | "untrusted_identity"
  | "destination_not_allowed"
  | "quota"
  | "rate_limited"
  | "rejected"
  | "service_error"
  | "insecure";

/** Whose problem it is: the user's recipient, this server's account or settings, or the service itself. */
export type FailureParty = "user" | "server" | "service";

type Entry = { party: FailureParty; user: string; admin: string };

/** The catalogue: every kind → whose problem, the user's reason, the admin's first step. */
export const FAILURES: Record<GatewayFailureKind, Entry> = {
  not_configured: { party: "server", user: "it is not set up on this server", admin: "The channel is not configured: run gateway:configure." },
  unreachable: {
    party: "service",
    user: "the gateway did not answer",
    admin: "The service did not answer in time: check that it runs and that this server can reach it (URL, firewall, timeout).",
  },
  credentials: {
    party: "server",
    user: "the gateway refused this server's credentials",
    admin: "The service refused this server's token, key or password: configure the channel again with the current one.",
  },
  sender_account: {
    party: "server",
    user: "the account this server sends from is not working",
    admin:
      "The account this server sends from is not registered, not linked or no longer authorised at the service: nothing can be sent until it is set up again.",
  },
  unknown_recipient: {
    party: "user",
    user: "the gateway does not know your recipient (check the number, ID or address you set up)",
    admin: "The service does not know this recipient: the user has to check the number, ID or address they set up.",
  },
  recipient_unreachable: {
    party: "user",
    user: "the gateway cannot deliver to you there (for example you blocked the sender, unsubscribed, or the number cannot receive messages)",
    admin:
      "The recipient exists but cannot receive messages from this sender (blocked, unsubscribed, or not a mobile number): the user has to fix it on their side.",
  },
  untrusted_identity: {
    party: "user",
    user: "your Signal safety number changed (for example after reinstalling Signal); your administrator has to trust the new one",
    admin: "The recipient's identity key changed (new phone or reinstalled app): compare the safety number with them, then trust the new key.",
  },
  destination_not_allowed: {
    party: "server",
    user: "this server's gateway account may not send to your number (for example to your country)",
    admin: "The service account may not send to this destination (region permissions, a trial account's verified numbers): allow it in the service's console.",
  },
  quota: { party: "server", user: "the gateway has no credit left", admin: "The service account has no credit left: top it up." },
  rate_limited: {
    party: "service",
    user: "the gateway is limiting how many messages this server may send for now",
    admin: "The service is rate-limiting this server's account: wait, and send fewer messages.",
  },
  rejected: {
    party: "service",
    user: "the gateway refused the message",
    admin: "The service refused the message for a reason of its own: its words are recorded with the failure.",
  },
  service_error: {
    party: "service",
    user: "the gateway reported an error",
    admin: "The service reported an error of its own: see its log. Codes flow again once it works.",
  },
  insecure: {
    party: "server",
    user: "the connection to the gateway is not encrypted",
    admin: "The service offered no TLS: enable it (STARTTLS or direct TLS) on the service.",
  },
};

const WHOSE: Record<FailureParty, string> = {
  user: "",
  server: " The problem is on this server's side, not with your account: your administrator can fix it.",
  service: " The problem is with the messaging service, not with your account.",
};

/** Any stored status (GatewayConfig.lastStatus) as a kind; an unknown one counts as the service's error. */
export function failureKind(status: string | null | undefined): GatewayFailureKind {
  return status && Object.hasOwn(FAILURES, status) ? (status as GatewayFailureKind) : "service_error";
}

export class GatewayError extends Error {
  override name = "GatewayError";

  constructor(
    readonly kind: GatewayFailureKind,
    /** For admins: what the service said (HTTP status, its error text). Redacted before it is stored. */
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }

  /** The sentences a user may read: what happened and whose problem it is; no service text, no secrets. */
  userMessage(channelName: string): string {
    const entry = FAILURES[failureKind(this.kind)];
    return `The code could not be sent via ${channelName}: ${entry.user}.${WHOSE[entry.party]}`;
  }
}

/** Any thrown value as a GatewayError (network and timeout errors become "unreachable"). */
export function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return new GatewayError("unreachable", "no answer before the timeout");
  const code = e?.cause?.code ?? e?.code;
  const message = e?.cause?.message ?? e?.message ?? String(error);
  if (e?.name === "TypeError" || (code && /^E[A-Z]+/.test(code))) {
    return new GatewayError("unreachable", `${code ? `${code}: ` : ""}${message}`);
  }
  return new GatewayError("service_error", message);
}
