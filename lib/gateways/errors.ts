import "server-only";

/**
 * Why a message could not be sent. `kind` decides what the user reads (a short,
 * secret-free reason); `detail` is the service's own answer for the admin
 * (GatewayConfig.lastError, the server log, the CLI), with secrets redacted.
 */
export type GatewayFailureKind =
  | "not_configured"
  | "unreachable"
  | "credentials"
  | "unknown_recipient"
  | "untrusted_identity"
  | "quota"
  | "rejected"
  | "service_error"
  | "insecure";

const USER_REASONS: Record<GatewayFailureKind, string> = {
  not_configured: "it is not set up on this server",
  unreachable: "the gateway did not answer",
  credentials: "the gateway refused this server's credentials",
  unknown_recipient: "the gateway does not know your recipient (check the number, ID or address you set up)",
  untrusted_identity: "your Signal safety number changed (for example after reinstalling Signal); your administrator has to trust the new one",
  quota: "the gateway has no credit left",
  rejected: "the gateway refused the message",
  service_error: "the gateway reported an error",
  insecure: "the connection to the gateway is not encrypted",
};

export class GatewayError extends Error {
  override name = "GatewayError";

  constructor(
    readonly kind: GatewayFailureKind,
    /** For admins: what the service said (HTTP status, its error text). Redacted before it is stored. */
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }

  /** The sentence a user may read: no service text, no secrets. */
  userMessage(channelName: string): string {
    return `The code could not be sent via ${channelName}: ${USER_REASONS[this.kind]}.`;
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
