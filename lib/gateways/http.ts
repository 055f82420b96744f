import "server-only";
import { asGatewayError } from "@/lib/gateways/errors";
import type { SendOptions } from "@/lib/gateways/types";

/** A service's answer: status, body text (at most `maxBody`, 64 KiB unless asked) and the body as JSON when it is JSON. */
export type HttpAnswer = { status: number; text: string; json: unknown };

const MAX_BODY = 64 * 1024;

/**
 * One HTTP call to a gateway service. The whole exchange (connect, answer, body)
 * must finish within `timeoutMs`; network failures and timeouts become a
 * GatewayError("unreachable"). Any HTTP status is returned: callers map it.
 */
export async function httpRequest(url: string, init: RequestInit & { timeoutMs: number; maxBody?: number }): Promise<HttpAnswer> {
  const { timeoutMs, maxBody = MAX_BODY, ...rest } = init;
  try {
    const response = await fetch(url, { ...rest, cache: "no-store", redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
    const text = (await response.text()).slice(0, maxBody);
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  } catch (error) {
    throw asGatewayError(error);
  }
}

/** "HTTP 400: <the service's words>", short enough for a log line. */
export function describeAnswer(answer: HttpAnswer, serviceText?: string): string {
  const words = (serviceText ?? answer.text).replace(/\s+/g, " ").trim().slice(0, 300);
  return `HTTP ${answer.status}${words ? `: ${words}` : ""}`;
}

/** One time budget for several calls (a check that asks twice): each call gets what is left of `options.timeoutMs`. */
export function timeBudget(options: SendOptions): () => SendOptions {
  const end = Date.now() + options.timeoutMs;
  return () => ({ timeoutMs: Math.max(1, end - Date.now()) });
}

/** `base` (no trailing slash) joined with `path`. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}
