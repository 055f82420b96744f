import { json, startHttpFake, type HttpFake } from "@/test/fakes/http";

/**
 * signal-cli-rest-api (bbernhard/signal-cli-rest-api), as far as Gatehouse uses it:
 * POST /v2/send, GET /v1/about, PUT /v1/identities/{number}/trust/{numberToTrust}.
 * Errors are 400 {"error": "…"} with signal-cli's own words.
 */

export type SignalFake = HttpFake & {
  account: string;
  /** Numbers registered with Signal. */
  registered: Set<string>;
  /** Numbers whose identity changed (reinstalled Signal) and is not trusted yet. */
  untrusted: Set<string>;
  sent: { number: string; recipients: string[]; message: string }[];
  trusted: { number: string; numberToTrust: string; body: unknown }[];
};

export async function startSignalFake(account = "+15550000001"): Promise<SignalFake> {
  const state = { account, registered: new Set<string>(), untrusted: new Set<string>(), sent: [] as SignalFake["sent"], trusted: [] as SignalFake["trusted"] };
  const fake = await startHttpFake(
    (req, res) => {
      if (req.method === "GET" && req.path === "/v1/about") {
        return json(res, 200, { versions: ["v1", "v2"], build: 2, mode: "json-rpc", version: "0.92", capabilities: { "v2/send": ["quotes", "mentions"] } });
      }
      if (req.method === "POST" && req.path === "/v2/send") {
        let body: { message?: unknown; number?: unknown; recipients?: unknown };
        try {
          body = JSON.parse(req.body);
        } catch {
          return json(res, 400, { error: "Couldn't process request - invalid request" });
        }
        const recipients = Array.isArray(body.recipients) ? (body.recipients as string[]) : [];
        if (recipients.length === 0) return json(res, 400, { error: "Couldn't process request - please provide at least one recipient" });
        if (body.number !== state.account) return json(res, 400, { error: "Failed to send message: Specified account does not exist" });
        const unregistered = recipients.find((r) => !state.registered.has(r));
        if (unregistered) return json(res, 400, { error: `Failed to send message: Unregistered user "${unregistered}"` });
        if (recipients.some((r) => state.untrusted.has(r))) return json(res, 400, { error: "Failed to send message due to untrusted identities" });
        state.sent.push({ number: body.number as string, recipients, message: String(body.message) });
        return json(res, 201, { timestamp: String(Date.now()) });
      }
      const trust = /^\/v1\/identities\/([^/]+)\/trust\/([^/]+)$/.exec(req.path);
      if (req.method === "PUT" && trust) {
        const number = decodeURIComponent(trust[1]!);
        const numberToTrust = decodeURIComponent(trust[2]!);
        let body: { trust_all_known_keys?: unknown; verified_safety_number?: unknown };
        try {
          body = JSON.parse(req.body);
        } catch {
          return json(res, 400, { error: "Couldn't process request - invalid request" });
        }
        if (body.trust_all_known_keys !== true && typeof body.verified_safety_number !== "string") {
          return json(res, 400, { error: "Couldn't process request - please either provide a safety number (preferred & more secure) or set 'trust_all_known_keys' to true" });
        }
        if (number !== state.account) return json(res, 400, { error: "Specified account does not exist" });
        state.trusted.push({ number, numberToTrust, body });
        state.untrusted.delete(numberToTrust);
        res.writeHead(204).end();
        return;
      }
      json(res, 404, { error: "404 page not found" });
    },
    (res) => json(res, 500, { error: "signal-cli: java.io.IOException: Connection reset" }),
  );
  return Object.assign(fake, state);
}
