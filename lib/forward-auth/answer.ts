import "server-only";
import { env } from "@/lib/env";
import type { Refusal } from "@/lib/forward-auth/decision";

/**
 * A verdict as the proxy must receive it (contract): 200 with the Remote-*
 * headers; a browser to the sign-in page — `401` + `Location` for nginx
 * (`auth-request`), `302` + `Location` for Traefik and Caddy (`forward-auth`),
 * which hand the answer to the browser — or, signed in but short of the app's
 * assurance, to the step-up page in the same shapes; a client `401` with a Basic challenge
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
    case "sign_in":
      return toGatehouse(endpoint, signInUrl(original), "Sign in to continue.");
    case "step_up":
      return toGatehouse(endpoint, signInUrl(original, "/login/step-up"), "Confirm it is you with a security key or passkey.");
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

/** A browser sent to a Gatehouse page: 302 for forward-auth, 401 + Location for nginx (its config turns that into a redirect). */
function toGatehouse(endpoint: VerifyEndpoint, location: string, message: string): VerifyAnswer {
  if (endpoint === "forward-auth") return { status: 302, headers: { ...NO_STORE, Location: location }, body: "" };
  return json(401, "unauthenticated", message, { Location: location });
}

/** `<PUBLIC_URL><page>?rd=<original URL>` (rd left out when the URL is too long for a Location header). */
export function signInUrl(original: URL | null, page: "/login" | "/login/step-up" = "/login"): string {
  const { publicUrl, port } = env();
  const base = `${publicUrl ?? `http://localhost:${port}`}${page}`;
  const withRd = original ? `${base}?rd=${encodeURIComponent(original.href)}` : base;
  return withRd.length <= MAX_LOCATION ? withRd : base;
}
