// Threat: a path that the URL parser and the proxy resolve differently — dot segments next to repeated slashes (nginx merges the slashes first) or behind backslashes (the URL parser reads them as slashes, nginx and Caddy do not) — is judged under a public app while the proxy serves it from a private one.
import { describe, expect, it } from "vitest";
import type { VerifyEndpoint } from "@/lib/forward-auth/answer";
import { ask, BROWSER, makeApp, unique } from "./support";

/** A verify request for `path` exactly as written (the proxies pass the raw request target on). */
function askRaw(endpoint: VerifyEndpoint, origin: string, path: string) {
  const { protocol, host } = new URL(origin);
  const raw: Record<string, string> =
    endpoint === "auth-request"
      ? { "x-original-url": `${origin}${path}`, "x-original-method": "GET" }
      : { "x-forwarded-proto": protocol.slice(0, -1), "x-forwarded-host": host, "x-forwarded-uri": path, "x-forwarded-method": "GET" };
  return ask(endpoint, { url: "" }, { raw: { ...raw, accept: BROWSER } });
}

describe("verify endpoints: a path that resolves two ways is refused, never judged by the laxer reading", () => {
  it("refuses //.. and backslash paths with 400 on both endpoints; plain dot segments and doubled slashes alone are still judged", async () => {
    const host = `https://apps-${unique()}.gatehouse.test`;
    await makeApp({ url: host });
    await makeApp({ url: `${host}/status`, public: true });
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      for (const path of ["/status//../private", "/status//%2e%2e/private", "/status/\\..\\private", "/private\\..\\status/x", "/status\\x"]) {
        expect((await askRaw(endpoint, host, path)).status, `${endpoint} ${path}`).toBe(400);
      }
      // Read the same way by every party: the public app (dot segments resolved, slashes merged) or the private one.
      expect((await askRaw(endpoint, host, "/private/../status/x")).status).toBe(200);
      expect((await askRaw(endpoint, host, "//status//x")).status).toBe(200);
      expect((await askRaw(endpoint, host, "/status/../private")).status).toBe(endpoint === "auth-request" ? 401 : 302);
    }
  });
});
