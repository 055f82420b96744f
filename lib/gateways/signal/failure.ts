import "server-only";
import { GatewayError, type GatewayFailureKind } from "@/lib/gateways/errors";
import { describeAnswer, type HttpAnswer } from "@/lib/gateways/http";

/**
 * signal-cli-rest-api's answers as failure kinds. It wraps signal-cli's words
 * (bbernhard/signal-cli-rest-api src/api/api.go, src/client/cli.go, jsonrpc2.go):
 * HTTP 400 `{"error": "…"}` holding signal-cli's stdout and stderr (normal and
 * native mode; with `--output json` that includes its results, e.g.
 * `"type":"UNREGISTERED_FAILURE"`) or the JSON-RPC error's message (json-rpc
 * mode), and HTTP 429 `{"error", "challenge_tokens", "account"}` for a rate
 * limit in json-rpc mode. The texts are signal-cli's (AsamK/signal-cli):
 * App.java "User +49… is not registered." (the account it was told to send
 * from), SendCommand "The user +49… is not registered." (a recipient),
 * SendMessageResultUtils "Unregistered user", "Untrusted Identity for",
 * "Failed to send message due to untrusted identities" / "… rate limiting",
 * libsignal's "[401] Authorization failed!" (the account was re-registered
 * elsewhere or its linked device removed), the daemon's "Specified account
 * does not exist".
 */

type Rule = [RegExp, GatewayFailureKind];

// Order matters: the sender account first (nothing can be sent without it),
// then limits, then what concerns one recipient.
const RULES: Rule[] = [
  [/\[40[13]\] Authorization failed|AuthorizationFailedException/i, "sender_account"],
  [/Specified account does not exist|Number not registered with JSON-RPC|\bUser is not registered\b/i, "sender_account"],
  [/rate ?limit|\[41[3]\]|\[429\]|proof required|RATE_LIMIT_FAILURE/i, "rate_limited"],
  [/untrusted identit|untrusted recipient keys|IDENTITY_FAILURE/i, "untrusted_identity"],
  [
    /Unregistered user|UNREGISTERED_FAILURE|\bThe user \S+ is not registered|Invalid (phone )?number|Invalid identifier|No such recipient/i,
    "unknown_recipient",
  ],
  [/NETWORK_FAILURE|Network failure/i, "service_error"],
];

function serviceError(answer: HttpAnswer): string {
  const error = (answer.json as { error?: unknown } | undefined)?.error;
  return typeof error === "string" ? error : answer.text;
}

const digits = (s: string) => s.replace(/[^\d+]/g, "");

/**
 * "User X is not registered." names the account signal-cli was asked to send
 * from; "The user X is not registered." a recipient. Either way, when X is our
 * sender it is this server's account that is missing.
 */
function notRegistered(text: string, sender: string | undefined): GatewayFailureKind | null {
  const match = /\b(The )?user (\S+?)\.? is not registered/i.exec(text);
  if (!match) return null;
  if (sender && digits(match[2]!) === sender) return "sender_account";
  return match[1] ? "unknown_recipient" : "sender_account";
}

/** Maps signal-cli-rest-api's answer to a failure kind; `sender` is the configured sender number. */
export function signalFailure(answer: HttpAnswer, sender?: string): GatewayError {
  const text = serviceError(answer);
  const detail = describeAnswer(answer, text);
  if (answer.status === 429) return new GatewayError("rate_limited", detail);
  const named = notRegistered(text, sender);
  const kind = RULES.find(([pattern]) => pattern.test(text))?.[1];
  if (kind === "sender_account" || named === "sender_account") return new GatewayError("sender_account", detail);
  if (kind) return new GatewayError(kind, detail);
  if (named) return new GatewayError(named, detail);
  if (answer.status === 401 || answer.status === 403) return new GatewayError("credentials", detail);
  return new GatewayError(answer.status >= 500 ? "service_error" : "rejected", detail);
}
