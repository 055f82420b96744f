import { randomBytes } from "node:crypto";
import { addApp, type NewApp } from "@/lib/apps/protected-apps";
import type { VerifyEndpoint } from "@/lib/forward-auth/answer";
import { verify } from "@/lib/forward-auth/verify";
import { META } from "@/test/support/factories";

/** Protected apps and verify requests for the forward-auth tests (in process, as scripts/serve.ts calls them). */

export const unique = () => randomBytes(4).toString("hex");

/** A protected app on its own host name under gatehouse.test. */
export async function makeApp(overrides: Partial<NewApp> = {}) {
  const name = overrides.name ?? `app-${unique()}`;
  const added = await addApp({ url: `https://${name}.gatehouse.test`, ...overrides, name }, "test");
  if (!added.ok) throw new Error(added.message);
  return added.data;
}

export type Ask = {
  url: string;
  method?: string;
  authorization?: string;
  cookie?: string;
  accept?: string;
  headers?: Record<string, string>;
};

/** The headers nginx's auth_request (auth-request) or Traefik/Caddy (forward-auth) send for an original request. */
export function proxyHeaders(endpoint: VerifyEndpoint, ask: Ask): Record<string, string> {
  const method = ask.method ?? "GET";
  const h: Record<string, string> = { "user-agent": "TestClient/1.0", ...(ask.headers ?? {}) };
  if (endpoint === "auth-request") {
    h["x-original-url"] = ask.url;
    h["x-original-method"] = method;
  } else {
    const u = new URL(ask.url);
    h["x-forwarded-proto"] = u.protocol.slice(0, -1);
    h["x-forwarded-host"] = u.host;
    h["x-forwarded-uri"] = `${u.pathname}${u.search}`;
    h["x-forwarded-method"] = method;
  }
  if (ask.authorization !== undefined) h.authorization = ask.authorization;
  if (ask.cookie !== undefined) h.cookie = ask.cookie;
  if (ask.accept !== undefined) h.accept = ask.accept;
  return h;
}

/** One verify request; runs its after-answer write before returning, as the server does once the answer is out. */
export async function ask(endpoint: VerifyEndpoint, request: Ask, options: { ip?: string; raw?: Record<string, string> } = {}) {
  const headers = options.raw ?? proxyHeaders(endpoint, request);
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const answer = await verify(endpoint, (name) => lower[name], { ip: options.ip ?? META.ip, userAgent: lower["user-agent"] ?? null });
  await answer.after?.();
  return answer;
}

export const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
