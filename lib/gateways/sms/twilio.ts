import "server-only";
import { z } from "zod";
import { GatewayError, type GatewayFailureKind } from "@/lib/gateways/errors";
import { configText, httpUrl, timeoutSeconds } from "@/lib/gateways/fields";
import { describeAnswer, httpRequest, joinUrl, timeBudget, type HttpAnswer } from "@/lib/gateways/http";
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

/**
 * Twilio's error codes (twilio.com/docs/api/errors) by whose problem they are.
 * The 30xxx codes are delivery failures, reported later by status callbacks
 * rather than by the send itself; they are mapped for answers that carry them.
 */
const CODE_KINDS: Record<number, GatewayFailureKind> = {
  20003: "credentials", // Authenticate
  21211: "unknown_recipient", // Invalid 'To' Phone Number
  21214: "unknown_recipient", // 'To' phone number cannot be reached
  21217: "unknown_recipient", // Phone number does not appear to be valid
  21407: "unknown_recipient", // This Phone Number type does not support SMS
  21614: "unknown_recipient", // 'To' number is not a valid mobile number
  30005: "unknown_recipient", // Unknown destination handset
  21610: "recipient_unreachable", // Attempt to send to unsubscribed recipient (the user replied STOP)
  21612: "recipient_unreachable", // The 'To' phone number is not currently reachable via SMS
  30003: "recipient_unreachable", // Unreachable destination handset
  30006: "recipient_unreachable", // Landline or unreachable carrier
  21408: "destination_not_allowed", // Permission to send an SMS has not been enabled for the region
  21608: "destination_not_allowed", // Trial accounts may send only to verified numbers
  21212: "sender_account", // Invalid 'From' Phone Number
  21606: "sender_account", // The 'From' phone number is not a valid, SMS-capable number for your account
  21659: "sender_account", // 'From' is not a Twilio phone number or short code country mismatch
  20429: "rate_limited", // Too Many Requests
  14107: "rate_limited", // SMS send rate limit exceeded
  30001: "rate_limited", // Queue overflow
};

function twilioFailure(answer: HttpAnswer): GatewayError {
  const body = (answer.json ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof body.code === "number" ? body.code : undefined;
  const message = typeof body.message === "string" ? body.message : answer.text;
  const detail = describeAnswer(answer, code ? `${code} ${message}` : message);
  if (answer.status === 401 || answer.status === 403) return new GatewayError("credentials", detail);
  const kind = code !== undefined ? CODE_KINDS[code] : undefined;
  if (kind) return new GatewayError(kind, detail);
  if (answer.status === 429) return new GatewayError("rate_limited", detail);
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

/** A From number must be one of the account's own: `GET …/IncomingPhoneNumbers.json?PhoneNumber=` lists it when it is. */
async function checkSenderOwned(c: TwilioConfig, options: SendOptions): Promise<void> {
  if (!c.from.startsWith("+")) return; // a Messaging Service or an alphanumeric sender ID: nothing to look up here
  const query = new URLSearchParams({ PhoneNumber: c.from });
  const answer = await httpRequest(joinUrl(c.url, `/2010-04-01/Accounts/${c.accountSid}/IncomingPhoneNumbers.json?${query}`), {
    method: "GET",
    headers: { authorization: auth(c) },
    timeoutMs: options.timeoutMs,
  });
  if (answer.status !== 200) throw twilioFailure(answer);
  const numbers = (answer.json as { incoming_phone_numbers?: unknown } | undefined)?.incoming_phone_numbers;
  if (Array.isArray(numbers) && numbers.length === 0) throw new GatewayError("sender_account", `${c.from} is not a phone number of this Twilio account`);
}

export async function checkTwilio(c: TwilioConfig, options: SendOptions) {
  const left = timeBudget(options);
  const answer = await httpRequest(joinUrl(c.url, `/2010-04-01/Accounts/${c.accountSid}.json`), {
    method: "GET",
    headers: { authorization: auth(c) },
    ...left(),
  });
  if (answer.status !== 200) throw twilioFailure(answer);
  const status = (answer.json as { status?: unknown } | undefined)?.status;
  if (typeof status === "string" && status !== "active") throw new GatewayError("sender_account", `Twilio account is ${status}`);
  await checkSenderOwned(c, left());
  return { detail: `Twilio account ${typeof status === "string" ? status : "answered"}` };
}

export const twilioHints: Partial<Record<GatewayFailureKind, string>> = {
  credentials:
    "Twilio (20003): the Account SID or auth token is wrong or was rotated; copy the current pair from the Twilio console and run `gatehouse gateway:configure sms`.",
  sender_account: "Twilio: the From number is not one of this account's numbers (21606/21212), or the account is suspended or closed.",
  destination_not_allowed:
    "Twilio: enable the recipient's country under Messaging › Settings › Geo permissions (21408); a trial account sends only to verified numbers (21608).",
  recipient_unreachable: "Twilio: the user replied STOP (21610; they send START to undo it) or the number cannot get SMS now (21612, 30003, 30006).",
};
