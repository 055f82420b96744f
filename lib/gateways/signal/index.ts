import "server-only";
import { z } from "zod";
import { GatewayError } from "@/lib/gateways/errors";
import { httpUrl, TIMEOUT_FIELD, timeoutSeconds } from "@/lib/gateways/fields";
import { httpRequest, joinUrl, timeBudget } from "@/lib/gateways/http";
import { maskPhone, phoneNumber } from "@/lib/gateways/recipients";
import { signalFailure } from "@/lib/gateways/signal/failure";
import type { GatewayChannel, SendOptions } from "@/lib/gateways/types";

export { signalFailure } from "@/lib/gateways/signal/failure";

/**
 * Signal through signal-cli-rest-api (bbernhard/signal-cli-rest-api), run next
 * to the server with a registered (or linked) number. Errors come back as
 * HTTP 400 `{"error": "…"}` with signal-cli's words (see ./failure.ts); when a
 * recipient reinstalled Signal, its answer names an untrusted identity and
 * nothing is delivered until the admin trusts the new one
 * (`gatehouse gateway:signal:trust <number>`, see ./identities.ts).
 */

const config = z.object({
  url: httpUrl("Signal REST API URL"),
  number: phoneNumber,
  timeout: timeoutSeconds,
});
export type SignalConfig = z.infer<typeof config>;

async function send(c: SignalConfig, recipient: string, text: string, options: SendOptions): Promise<void> {
  const answer = await httpRequest(joinUrl(c.url, "/v2/send"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: text, number: c.number, recipients: [recipient] }),
    timeoutMs: options.timeoutMs,
  });
  if (answer.status !== 200 && answer.status !== 201) throw signalFailure(answer, c.number);
}

/** `GET /v1/accounts` lists the numbers signal-cli holds (`["+49…"]`); the sender must be one of them. */
async function checkSenderHeld(c: SignalConfig, options: SendOptions): Promise<void> {
  const answer = await httpRequest(joinUrl(c.url, "/v1/accounts"), { method: "GET", timeoutMs: options.timeoutMs });
  if (answer.status !== 200) throw signalFailure(answer, c.number);
  const accounts = z.array(z.string()).safeParse(answer.json);
  if (!accounts.success) throw new GatewayError("service_error", "GET /v1/accounts did not answer with a list of numbers");
  if (accounts.data.includes(c.number)) return;
  const held = accounts.data.length ? `it holds ${accounts.data.slice(0, 10).join(", ")}` : "it holds no account at all";
  throw new GatewayError("sender_account", `signal-cli does not hold the sender number ${c.number} (${held})`);
}

/**
 * `GET /v1/devices/{number}` makes signal-cli sign in to Signal with the
 * account: an account Signal no longer authorises (registered again on a
 * phone, linked device removed) answers "[401] Authorization failed!", which
 * /v1/accounts cannot tell.
 */
async function checkSenderAuthorised(c: SignalConfig, options: SendOptions): Promise<void> {
  const answer = await httpRequest(joinUrl(c.url, `/v1/devices/${encodeURIComponent(c.number)}`), { method: "GET", timeoutMs: options.timeoutMs });
  if (answer.status !== 200) throw signalFailure(answer, c.number);
}

async function check(c: SignalConfig, options: SendOptions) {
  const left = timeBudget(options);
  const answer = await httpRequest(joinUrl(c.url, "/v1/about"), { method: "GET", ...left() });
  if (answer.status !== 200) throw signalFailure(answer, c.number);
  await checkSenderHeld(c, left());
  await checkSenderAuthorised(c, left());
  const about = (answer.json ?? {}) as { version?: unknown; mode?: unknown };
  const parts = [
    typeof about.version === "string" ? `signal-cli-rest-api ${about.version}` : "signal-cli-rest-api",
    typeof about.mode === "string" ? `${about.mode} mode` : null,
  ];
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
  adminHints: {
    sender_account:
      "Signal: signal-cli has no working account for the sender number (never registered, mistyped, registered again on a phone, or the linked device was removed). Register it again (POST /v1/register/{number}, then /v1/register/{number}/verify/{code}) or link it again (GET /v1/qrcodelink), check that GET /v1/accounts lists it, then run `gatehouse gateway:status signal`. A mistyped number: `gatehouse gateway:configure signal`.",
    rate_limited:
      "Signal: when signal-cli reports a challenge token, solve the captcha at https://signalcaptchas.org/challenge/generate.html and submit it with POST /v1/accounts/{number}/rate-limit-challenge; otherwise wait.",
    untrusted_identity:
      "Signal: run `gatehouse gateway:signal:trust <number>` to see the new safety number, compare it with the user, then pin it with `--safety-number`.",
    unknown_recipient: "Signal: the number is not registered with Signal.",
  },
  failureNote: (error, recipient) =>
    error.kind === "untrusted_identity"
      ? `Signal refuses to send to ${recipient}: untrusted identity (the recipient reinstalled Signal or changed phones). See the new safety number with: gatehouse gateway:signal:trust ${recipient}`
      : null,
};
