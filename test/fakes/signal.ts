import { json, startHttpFake, type HttpFake } from "@/test/fakes/http";

/**
 * signal-cli-rest-api (bbernhard/signal-cli-rest-api), as far as Gatehouse uses it:
 * POST /v2/send, GET /v1/about, GET /v1/accounts, GET /v1/devices/{number}, GET /v1/identities/{number},
 * PUT /v1/identities/{number}/trust/{numberToTrust}.
 *
 * Errors are shaped as the REST API emits them (src/api/api.go: send errors are
 * `c.JSON(400, Error{Msg: err.Error()})`, a json-rpc rate limit is
 * `c.JSON(429, SendMessageError{Msg, ChallengeTokens, Account})`), with the
 * words signal-cli uses (AsamK/signal-cli):
 * - normal mode passes signal-cli's output on (src/client/cli.go
 *   `errors.New(combinedOutput)`): App.java "User +… is not registered.",
 *   "Error while checking account +…: [401] Authorization failed!" (libsignal's
 *   NonSuccessfulResponseCodeException "[code] message"), SendCommand "The user
 *   +… is not registered.", SendMessageResultUtils "Failed to send message due to
 *   untrusted identities" / "… due to rate limiting" (the results JSON signal-cli
 *   prints before those lines is left out);
 * - json-rpc mode passes the daemon's error message on (src/client/jsonrpc2.go):
 *   "Specified account does not exist" (SignalJsonRpcCommandHandler), -4 becomes
 *   "Unable to complete request due to untrusted recipient keys", -5 a 429.
 */

export type SignalCliMode = "normal" | "json-rpc";

export type SignalIdentityEntry = { number: string; status: string; fingerprint: string; added: string; safety_number: string; uuid: string };

export type SignalFake = HttpFake & {
  account: string;
  /** Accounts signal-cli holds (GET /v1/accounts); the configured account is one of them. */
  accounts: Set<string>;
  /** How signal-cli-rest-api runs: decides the words of its errors. */
  signalCliMode: SignalCliMode;
  /** Accounts Signal no longer authorises (registered again on a phone, linked device removed). */
  deauthorized: Set<string>;
  /** Accounts Signal rate-limits (a captcha challenge is pending). */
  rateLimited: Set<string>;
  /** Numbers registered with Signal. */
  registered: Set<string>;
  /** Numbers whose identity changed (reinstalled Signal) and is not trusted yet. */
  untrusted: Set<string>;
  /** Identity keys signal-cli knows, per recipient (GET /v1/identities/{account}). */
  identities: Map<string, SignalIdentityEntry[]>;
  sent: { number: string; recipients: string[]; message: string }[];
  trusted: { number: string; numberToTrust: string; body: unknown }[];
};

type State = Omit<SignalFake, keyof HttpFake>;

/** What any command run as `number` fails with when signal-cli cannot use the account (`command` names it in json-rpc mode). */
function accountError(state: State, number: string, command: string): string | null {
  const normal = state.signalCliMode === "normal";
  if (!state.accounts.has(number)) return normal ? `User ${number} is not registered.\n` : "Specified account does not exist";
  if (state.deauthorized.has(number)) {
    return normal
      ? `Error while checking account ${number}: [401] Authorization failed!\n`
      : `${command}: [401] Authorization failed! (AuthorizationFailedException)`;
  }
  return null;
}

/** The error signal-cli-rest-api answers a send with, or null when the message goes out. */
function sendError(state: State, number: string, recipients: string[]): [number, unknown] | null {
  const normal = state.signalCliMode === "normal";
  const account = accountError(state, number, "Failed to send message");
  if (account) return [400, { error: account }];
  if (state.rateLimited.has(number)) {
    if (normal) return [400, { error: "Failed to send message due to rate limiting\n" }];
    const error =
      "Failed to send message due to rate limiting. Use the attached challenge tokens to lift the rate limit restrictions via the '/v1/accounts/{number}/rate-limit-challenge' endpoint.";
    return [429, { error, challenge_tokens: ["5cdfd2a2-3c0e-4bfa-b5b4-7b0a4ac3e0a1"], account: number }];
  }
  const unregistered = recipients.find((r) => !state.registered.has(r));
  if (unregistered) return [400, { error: `The user ${unregistered} is not registered.${normal ? "\n" : ""}` }];
  if (recipients.some((r) => state.untrusted.has(r))) {
    return [400, { error: normal ? "Failed to send message due to untrusted identities" : "Unable to complete request due to untrusted recipient keys" }];
  }
  return null;
}

export async function startSignalFake(account = "+15550000001"): Promise<SignalFake> {
  const initial: State = {
    account,
    accounts: new Set([account]),
    signalCliMode: "normal",
    deauthorized: new Set(),
    rateLimited: new Set(),
    registered: new Set(),
    untrusted: new Set(),
    identities: new Map(),
    sent: [],
    trusted: [],
  };
  // The handler reads the returned object, so a test's `fake.signalCliMode = …` takes effect.
  // Assigned once the fake has started; its handler (which runs later) reads it.
  // eslint-disable-next-line prefer-const -- read by the handler before this line can assign it
  let self: SignalFake;
  const fake = await startHttpFake(
    (req, res) => {
      const state = self;
      if (req.method === "GET" && req.path === "/v1/about") {
        return json(res, 200, {
          versions: ["v1", "v2"],
          build: 2,
          mode: state.signalCliMode,
          version: "0.92",
          capabilities: { "v2/send": ["quotes", "mentions"] },
        });
      }
      if (req.method === "GET" && req.path === "/v1/accounts") return json(res, 200, [...state.accounts]);
      if (req.method === "POST" && req.path === "/v2/send") {
        let body: { message?: unknown; number?: unknown; recipients?: unknown };
        try {
          body = JSON.parse(req.body);
        } catch {
          return json(res, 400, { error: "Couldn't process request - invalid request" });
        }
        const recipients = Array.isArray(body.recipients) ? (body.recipients as string[]) : [];
        if (recipients.length === 0) return json(res, 400, { error: "Couldn't process request - please provide at least one recipient" });
        const failed = sendError(state, String(body.number), recipients);
        if (failed) return json(res, failed[0], failed[1]);
        state.sent.push({ number: body.number as string, recipients, message: String(body.message) });
        return json(res, 201, { timestamp: String(Date.now()) });
      }
      const devices = /^\/v1\/devices\/([^/]+)$/.exec(req.path);
      if (req.method === "GET" && devices) {
        const number = decodeURIComponent(devices[1]!);
        const failed = accountError(state, number, "Failed to list devices");
        if (failed) return json(res, 400, { error: failed }); // api.go ListDevices: every error is a 400
        // client.go ListDevicesResponse
        return json(res, 200, [{ id: 1, name: "", last_seen_timestamp: Date.now(), creation_timestamp: 1764000000000 }]);
      }
      const list = /^\/v1\/identities\/([^/]+)$/.exec(req.path);
      if (req.method === "GET" && list) {
        const number = decodeURIComponent(list[1]!);
        if (!state.accounts.has(number))
          return json(res, 500, { error: state.signalCliMode === "normal" ? `User ${number} is not registered.\n` : "Specified account does not exist" });
        return json(res, 200, [...state.identities.values()].flat());
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
          return json(res, 400, {
            error: "Couldn't process request - please either provide a safety number (preferred & more secure) or set 'trust_all_known_keys' to true",
          });
        }
        if (!state.accounts.has(number)) return json(res, 400, { error: "Specified account does not exist" });
        const known = state.identities.get(numberToTrust) ?? [];
        if (typeof body.verified_safety_number === "string" && !known.some((i) => i.safety_number === body.verified_safety_number)) {
          // TrustCommand.java
          return json(res, 400, { error: "Failed to set the trust for this number, make sure the number and the fingerprint/safety number are correct.\n" });
        }
        state.trusted.push({ number, numberToTrust, body });
        state.untrusted.delete(numberToTrust);
        for (const i of known) {
          if (body.trust_all_known_keys === true || i.safety_number === body.verified_safety_number)
            i.status = body.trust_all_known_keys === true ? "TRUSTED_UNVERIFIED" : "TRUSTED_VERIFIED";
        }
        res.writeHead(204).end();
        return;
      }
      json(res, 404, { error: "404 page not found" });
    },
    (res) => json(res, 500, { error: "signal-cli: java.io.IOException: Connection reset" }),
  );
  self = Object.assign(fake, initial);
  return self;
}
