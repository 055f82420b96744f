import { z } from "zod";
import type { GatewayField } from "@/lib/gateways/types";

/** Schemas and fields shared by the channels' configurations. */

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A one-line admin value (token, number, sender name). */
export function configText(label: string, max = 512) {
  return z
    .string({ error: `${label} is required.` })
    .max(max, `${label} is too long (at most ${max} characters).`)
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, `${label} is required.`)
    .refine((s) => !CONTROL.test(s), `${label} contains characters that are not allowed.`);
}

/** A service base URL: http(s) only, no trailing slash. */
export function httpUrl(label: string) {
  return configText(label, 2048)
    .refine((s) => {
      try {
        const url = new URL(s);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
      } catch {
        return false;
      }
    }, `${label} must be an http:// or https:// URL (e.g. https://gateway.example.org).`)
    .transform((s) => s.replace(/\/+$/, ""));
}

export const DEFAULT_TIMEOUT_SECONDS = 10;

/** How long one send or status check may take. */
export const timeoutSeconds = z.coerce
  .number({ error: "Timeout must be a number of seconds." })
  .int("Timeout must be a whole number of seconds.")
  .min(1, "Timeout must be between 1 and 60 seconds.")
  .max(60, "Timeout must be between 1 and 60 seconds.")
  .default(DEFAULT_TIMEOUT_SECONDS);

export const TIMEOUT_FIELD: GatewayField = {
  key: "timeout",
  label: "Timeout in seconds",
  optional: true,
  defaultValue: String(DEFAULT_TIMEOUT_SECONDS),
  hint: "How long a send may take before it counts as failed.",
};
