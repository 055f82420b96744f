import "server-only";
import { z } from "zod";
import { GatewayError } from "@/lib/gateways/errors";
import { configText, httpUrl, TIMEOUT_FIELD, timeoutSeconds } from "@/lib/gateways/fields";
import { describeAnswer, httpRequest, joinUrl, type HttpAnswer } from "@/lib/gateways/http";
import { maskThreemaId, threemaId } from "@/lib/gateways/recipients";
import type { GatewayChannel, SendOptions } from "@/lib/gateways/types";

/**
 * Threema through the Threema Gateway in basic mode: `POST /send_simple`
 * (form: from, to, text, secret), `GET /credits` for status. The gateway
 * answers with bare HTTP statuses, documented as below.
 */

const config = z.object({
  url: httpUrl("Threema Gateway URL"),
  from: configText("Gateway ID", 16)
    .transform((s) => s.toUpperCase())
    .refine((s) => /^\*[0-9A-Z]{7}$/.test(s), "A Threema Gateway ID is * followed by 7 letters or digits (e.g. *GATEHSE)."),
  secret: configText("API secret", 256),
  timeout: timeoutSeconds,
});
export type ThreemaConfig = z.infer<typeof config>;

// The Threema Gateway's documented statuses (gateway.threema.ch/en/developer/api, "send_simple" and "credits").
const STATUS_MEANING: Record<number, [GatewayError["kind"], string]> = {
  400: ["unknown_recipient", "the recipient identity is invalid or the account is not set up for basic mode"],
  401: ["credentials", "API identity or secret incorrect"],
  402: ["quota", "no credits remain"],
  404: ["unknown_recipient", "recipient not found"],
  413: ["rejected", "message too long"],
  500: ["service_error", "temporary internal server error"],
};

function threemaFailure(answer: HttpAnswer): GatewayError {
  const [kind, meaning] = STATUS_MEANING[answer.status] ?? [
    answer.status === 429 ? "rate_limited" : answer.status >= 500 ? "service_error" : "rejected",
    "unexpected answer",
  ];
  return new GatewayError(kind, describeAnswer(answer, [meaning, answer.text.trim()].filter(Boolean).join(" — ")));
}

async function send(c: ThreemaConfig, recipient: string, text: string, options: SendOptions): Promise<void> {
  const answer = await httpRequest(joinUrl(c.url, "/send_simple"), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", accept: "*/*" },
    body: new URLSearchParams({ from: c.from, to: recipient, text, secret: c.secret }).toString(),
    timeoutMs: options.timeoutMs,
  });
  if (answer.status !== 200) throw threemaFailure(answer);
}

async function check(c: ThreemaConfig, options: SendOptions) {
  const query = new URLSearchParams({ from: c.from, secret: c.secret });
  const answer = await httpRequest(joinUrl(c.url, `/credits?${query}`), { method: "GET", timeoutMs: options.timeoutMs });
  if (answer.status !== 200) throw threemaFailure(answer);
  const credits = Number.parseInt(answer.text.trim(), 10);
  if (Number.isFinite(credits) && credits <= 0) throw new GatewayError("quota", "0 credits left");
  return { detail: `${c.from}, ${Number.isFinite(credits) ? `${credits} credits left` : "credits unknown"}` };
}

export const threema: GatewayChannel<ThreemaConfig> = {
  id: "threema",
  displayName: "Threema",
  fields: [
    { key: "url", label: "Threema Gateway URL", defaultValue: "https://msgapi.threema.ch" },
    { key: "from", label: "Gateway ID", hint: "Your basic-mode Gateway ID, e.g. *GATEHSE" },
    { key: "secret", label: "API secret", secret: true },
    TIMEOUT_FIELD,
  ],
  configSchema: config,
  recipient: {
    label: "Threema ID",
    placeholder: "ABCD1234",
    hint: "Your 8-character Threema ID, shown at the top of Threema's profile screen.",
    inputMode: "text",
    schema: threemaId,
    mask: maskThreemaId,
  },
  send,
  check,
  adminHints: {
    credentials: "Threema: check the Gateway ID and its secret at gateway.threema.ch (API identities), then run `gatehouse gateway:configure threema`.",
    quota: "Threema: buy credits at gateway.threema.ch; `gatehouse gateway:status threema` shows how many are left.",
    unknown_recipient: "Threema: the ID does not exist — or, when every recipient fails, the Gateway ID is an end-to-end ID rather than a basic-mode one.",
  },
};
