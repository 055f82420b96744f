import "server-only";
import { z } from "zod";
import { GatewayError } from "@/lib/gateways/errors";
import { configText, httpUrl, timeoutSeconds } from "@/lib/gateways/fields";
import { describeAnswer, httpRequest } from "@/lib/gateways/http";
import type { GatewayField, SendOptions } from "@/lib/gateways/types";

/**
 * SMS through any HTTP API: a URL, a method, and (for POST) a body template.
 * `{recipient}` and `{message}` are replaced, escaped for where they stand: URL
 * components in the URL, JSON string content in a JSON body, form encoding in
 * a form body. Any 2xx answer is success.
 */

const CONTENT_TYPES = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
  text: "text/plain; charset=utf-8",
} as const;

export const webhookConfig = z
  .object({
    provider: z.literal("webhook"),
    url: httpUrl("Webhook URL"),
    method: z.enum(["GET", "POST"], { error: "Method must be GET or POST." }).default("POST"),
    contentType: z.enum(["json", "form", "text"], { error: "Body type must be json, form or text." }).default("json"),
    body: z.string().max(4096, "Body template is too long (at most 4096 characters).").optional(),
    authorization: configText("Authorization header", 1024).optional(),
    timeout: timeoutSeconds,
  })
  .refine((c) => c.method === "GET" || (c.body ?? "").includes("{message}") || c.url.includes("{message}"), {
    message: "The body template (or the URL) must contain {message}.",
    path: ["body"],
  })
  .refine((c) => (c.body ?? "").includes("{recipient}") || c.url.includes("{recipient}"), {
    message: "The body template or the URL must contain {recipient}.",
    path: ["body"],
  });
export type WebhookConfig = z.infer<typeof webhookConfig>;

const when = { key: "provider", equals: "webhook" } as const;
export const webhookFields: GatewayField[] = [
  { key: "url", label: "Webhook URL", hint: "May contain {recipient} and {message}", when },
  { key: "method", label: "HTTP method", choices: ["POST", "GET"], defaultValue: "POST", when },
  { key: "contentType", label: "Body type", choices: ["json", "form", "text"], defaultValue: "json", when },
  { key: "body", label: "Body template", optional: true, hint: 'e.g. {"to":"{recipient}","text":"{message}"}', when },
  { key: "authorization", label: "Authorization header value", secret: true, optional: true, hint: "e.g. Bearer abc… (optional)", when },
];

function fill(template: string, values: Record<string, string>, escape: (s: string) => string): string {
  return template.replace(/\{(recipient|message)\}/g, (_, key: string) => escape(values[key]!));
}

const escapes = {
  json: (s: string) => JSON.stringify(s).slice(1, -1),
  form: (s: string) => encodeURIComponent(s),
  text: (s: string) => s,
} as const;

export async function sendWebhook(c: WebhookConfig, recipient: string, text: string, options: SendOptions): Promise<void> {
  const values = { recipient, message: text };
  const url = fill(c.url, values, encodeURIComponent);
  const headers: Record<string, string> = {};
  if (c.authorization) headers.authorization = c.authorization;
  let body: string | undefined;
  if (c.method === "POST") {
    headers["content-type"] = CONTENT_TYPES[c.contentType];
    body = fill(c.body ?? "", values, escapes[c.contentType]);
  }
  const answer = await httpRequest(url, { method: c.method, headers, body, timeoutMs: options.timeoutMs });
  if (answer.status < 200 || answer.status > 299) {
    const detail = describeAnswer(answer);
    if (answer.status === 401 || answer.status === 403) throw new GatewayError("credentials", detail);
    if (answer.status === 429) throw new GatewayError("rate_limited", detail);
    throw new GatewayError(answer.status >= 500 ? "service_error" : "rejected", detail);
  }
}
