import "server-only";
import { z } from "zod";
import { GatewayError } from "@/lib/gateways/errors";
import { httpUrl, TIMEOUT_FIELD, timeoutSeconds } from "@/lib/gateways/fields";
import { describeAnswer, httpRequest, joinUrl, type HttpAnswer } from "@/lib/gateways/http";
import { maskPhone, phoneNumber } from "@/lib/gateways/recipients";
import type { GatewayChannel, SendOptions } from "@/lib/gateways/types";

/**
 * Signal through signal-cli-rest-api (bbernhard/signal-cli-rest-api), run next
 * to the server with a registered (or linked) number. Errors come back as
 * HTTP 400 `{"error": "…"}`; when a recipient reinstalled Signal, its answer
 * names an untrusted identity and nothing is delivered until the admin trusts
 * the new one (`gatehouse gateway:signal:trust <number>`).
 */

const config = z.object({
  url: httpUrl("Signal REST API URL"),
  number: phoneNumber,
  timeout: timeoutSeconds,
});
export type SignalConfig = z.infer<typeof config>;

function serviceError(answer: HttpAnswer): string {
  const error = (answer.json as { error?: unknown } | undefined)?.error;
  return typeof error === "string" ? error : answer.text;
}

/** Maps signal-cli-rest-api's answer to a failure kind. */
export function signalFailure(answer: HttpAnswer): GatewayError {
  const text = serviceError(answer);
  const detail = describeAnswer(answer, text);
  if (/untrusted identit/i.test(text)) return new GatewayError("untrusted_identity", detail);
  // Our own sender number is wrong or no longer registered with signal-cli.
  if (/specified account does not exist|account .*not (found|registered)|no such account/i.test(text)) return new GatewayError("credentials", detail);
  if (/unregistered user|not registered|user is not registered|Invalid (phone )?number|No such recipient/i.test(text)) {
    return new GatewayError("unknown_recipient", detail);
  }
  if (answer.status === 401 || answer.status === 403) return new GatewayError("credentials", detail);
  if (/rate ?limit/i.test(text) || answer.status === 429) return new GatewayError("rejected", detail);
  return new GatewayError(answer.status >= 500 ? "service_error" : "rejected", detail);
}

async function send(c: SignalConfig, recipient: string, text: string, options: SendOptions): Promise<void> {
  const answer = await httpRequest(joinUrl(c.url, "/v2/send"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: text, number: c.number, recipients: [recipient] }),
    timeoutMs: options.timeoutMs,
  });
  if (answer.status !== 200 && answer.status !== 201) throw signalFailure(answer);
}

async function check(c: SignalConfig, options: SendOptions) {
  const answer = await httpRequest(joinUrl(c.url, "/v1/about"), { method: "GET", timeoutMs: options.timeoutMs });
  if (answer.status !== 200) throw signalFailure(answer);
  const about = (answer.json ?? {}) as { version?: unknown; mode?: unknown };
  const parts = [typeof about.version === "string" ? `signal-cli-rest-api ${about.version}` : "signal-cli-rest-api", typeof about.mode === "string" ? `${about.mode} mode` : null];
  return { detail: `${parts.filter(Boolean).join(", ")}, sending as ${maskPhone(c.number)}` };
}

export const signal: GatewayChannel<SignalConfig> = {
  id: "signal",
  displayName: "Signal",
  fields: [
    { key: "url", label: "Signal REST API URL", defaultValue: "http://127.0.0.1:8080", hint: "signal-cli-rest-api, e.g. http://127.0.0.1:8080" },
    { key: "number", label: "Sender number", hint: "The number registered with signal-cli, in international format (+49…)" },
    TIMEOUT_FIELD,
  ],
  configSchema: config,
  recipient: {
    label: "Phone number",
    placeholder: "+49 170 1234567",
    hint: "The number your Signal app is registered with, in international format.",
    inputMode: "tel",
    schema: phoneNumber,
    mask: maskPhone,
  },
  send,
  check,
};

/**
 * Trusts a recipient's current identity keys (after they reinstalled Signal):
 * `PUT /v1/identities/{number}/trust/{numberToTrust}` with trust_all_known_keys.
 */
export async function trustSignalIdentity(c: SignalConfig, recipient: string, options: SendOptions): Promise<void> {
  const path = `/v1/identities/${encodeURIComponent(c.number)}/trust/${encodeURIComponent(recipient)}`;
  const answer = await httpRequest(joinUrl(c.url, path), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ trust_all_known_keys: true }),
    timeoutMs: options.timeoutMs,
  });
  if (answer.status !== 204 && answer.status !== 200) throw signalFailure(answer);
}
