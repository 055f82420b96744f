import "server-only";
import { env } from "@/lib/env";
import type { Refusal } from "@/lib/forward-auth/decision";

/**
 * A verdict as the proxy must receive it (contract): 200 with the Remote-*
 * headers; a browser to the sign-in page — `401` + `Location` for nginx
 * (`auth-request`), `302` + `Location` for Traefik and Caddy (`forward-auth`),
 * which hand the answer to the browser; a client `401` with a Basic challenge
 * named after the app; `403`; `400`; `429` with Retry-After. Never cached.
 */

export type VerifyEndpoint = "auth-request" | "forward-auth";

export type VerifyAnswer = { status: number; headers: Record<string, string>; body: string };

const NO_STORE = { "Cache-Control": "no-store" };
const MAX_LOCATION = 8192;

const json = (status: number, error: string, message: string, headers: Record<string, string> = {}): VerifyAnswer => ({
  status,
  headers: { ...NO_STORE, "Content-Type": "application/json", ...headers },
  body: JSON.stringify({ error, message }),
});

export function allowed(remote: Record<string, string>): VerifyAnswer {
  return { status: 200, headers: { ...NO_STORE, ...remote }, body: "" };
}

export function refusedAnswer(verdict: Refusal, endpoint: VerifyEndpoint, original: URL | null, appName: string): VerifyAnswer {
  switch (verdict.kind) {
    case "sign_in": {
      const location = signInUrl(original);
      if (endpoint === "forward-auth") return { status: 302, headers: { ...NO_STORE, Location: location }, body: "" };
      return json(401, "unauthenticated", "Sign in to continue.", { Location: location });
    }
    case "challenge":
      return json(401, "unauthenticated", "Sign in with your login and an app password.", { "WWW-Authenticate": `Basic realm="${appName}"` });
    case "forbidden":
      return json(403, "forbidden", verdict.message);
    case "bad_request":
      return json(400, "invalid_input", verdict.message);
    case "throttled":
      return json(429, "too_many_requests", "Too many attempts. Wait a moment and try again.", { "Retry-After": String(verdict.retryAfter) });
  }
}

/** `<PUBLIC_URL>/login?rd=<original URL>` (rd left out when the URL is too long for a Location header). */
export function signInUrl(original: URL | null): string {
  const { publicUrl, port } = env();
  const base = `${publicUrl ?? `http://localhost:${port}`}/login`;
  const withRd = original ? `${base}?rd=${encodeURIComponent(original.href)}` : base;
  return withRd.length <= MAX_LOCATION ? withRd : base;
}
