import "server-only";
import { z } from "zod";
import { GatewayError } from "@/lib/gateways/errors";
import { configText, httpUrl, timeoutSeconds } from "@/lib/gateways/fields";
import { describeAnswer, httpRequest, joinUrl, type HttpAnswer } from "@/lib/gateways/http";
import type { GatewayField, SendOptions } from "@/lib/gateways/types";

/**
 * SMS through Twilio's Messages API:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded
 * To/From/Body, HTTP Basic sid:token. Errors are JSON `{code, message, status}`
 * (20003 authentication, 21211/21614/… bad or unreachable "To").
 */

export const twilioConfig = z.object({
  provider: z.literal("twilio"),
  url: httpUrl("Twilio API URL"),
  accountSid: configText("Account SID", 64).refine((s) => /^AC[0-9a-fA-F]{32}$/.test(s), "A Twilio Account SID is AC followed by 32 hex digits."),
  authToken: configText("Auth token", 256),
  from: configText("Sender", 64).refine(
    (s) => /^\+[1-9]\d{6,14}$/.test(s) || /^MG[0-9a-fA-F]{32}$/.test(s) || /^[A-Za-z0-9 ]{1,11}$/.test(s),
    "Sender must be a Twilio number (+1…), a Messaging Service SID (MG…) or an alphanumeric sender ID of at most 11 characters.",
  ),
  timeout: timeoutSeconds,
});
export type TwilioConfig = z.infer<typeof twilioConfig>;

const when = { key: "provider", equals: "twilio" } as const;
export const twilioFields: GatewayField[] = [
  { key: "url", label: "Twilio API URL", defaultValue: "https://api.twilio.com", when },
  { key: "accountSid", label: "Account SID", hint: "AC… from the Twilio console", when },
  { key: "authToken", label: "Auth token", secret: true, when },
  { key: "from", label: "Sender (number, MG… service SID or sender ID)", when },
];

// Twilio error codes that mean "this recipient cannot get an SMS from you".
const RECIPIENT_CODES = new Set([21211, 21214, 21217, 21407, 21408, 21408, 21610, 21612, 21614]);

function twilioFailure(answer: HttpAnswer): GatewayError {
  const body = (answer.json ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof body.code === "number" ? body.code : undefined;
  const message = typeof body.message === "string" ? body.message : answer.text;
  const detail = describeAnswer(answer, code ? `${code} ${message}` : message);
  if (answer.status === 401 || answer.status === 403 || code === 20003) return new GatewayError("credentials", detail);
  if (code !== undefined && RECIPIENT_CODES.has(code)) return new GatewayError("unknown_recipient", detail);
  if (code === 20429 || answer.status === 429) return new GatewayError("rejected", detail);
  return new GatewayError(answer.status >= 500 ? "service_error" : "rejected", detail);
}

const auth = (c: TwilioConfig) => `Basic ${Buffer.from(`${c.accountSid}:${c.authToken}`).toString("base64")}`;

export async function sendTwilio(c: TwilioConfig, recipient: string, text: string, options: SendOptions): Promise<void> {
  const form = new URLSearchParams({ To: recipient, Body: text });
  form.set(c.from.startsWith("MG") ? "MessagingServiceSid" : "From", c.from);
  const answer = await httpRequest(joinUrl(c.url, `/2010-04-01/Accounts/${c.accountSid}/Messages.json`), {
    method: "POST",
    headers: { authorization: auth(c), "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    timeoutMs: options.timeoutMs,
  });
  if (answer.status !== 201 && answer.status !== 200) throw twilioFailure(answer);
}

export async function checkTwilio(c: TwilioConfig, options: SendOptions) {
  const answer = await httpRequest(joinUrl(c.url, `/2010-04-01/Accounts/${c.accountSid}.json`), {
    method: "GET",
    headers: { authorization: auth(c) },
    timeoutMs: options.timeoutMs,
  });
  if (answer.status !== 200) throw twilioFailure(answer);
  const status = (answer.json as { status?: unknown } | undefined)?.status;
  if (typeof status === "string" && status !== "active") throw new GatewayError("credentials", `Twilio account is ${status}`);
  return { detail: `Twilio account ${typeof status === "string" ? status : "answered"}` };
}
