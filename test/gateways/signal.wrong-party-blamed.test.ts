// Threat: Signal failures blame the wrong party — a de-authorised or unregistered sender account is reported as "the gateway refused the message" or as the user's wrong number, so users check their phones and the admin never re-links the account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signalFailure } from "@/lib/gateways/signal";
import { cliAsync } from "@/test/support/cli";
import { expectFailure, type FailureRow } from "@/test/gateways/failure-table";
import { caseFor, configure, startFakes, type Fakes } from "@/test/gateways/support";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

const SENDER = "+15550000001";
const SERVER_SIDE = "The problem is on this server's side, not with your account: your administrator can fix it.";
const SENDER_BROKEN = `The code could not be sent via Signal: the account this server sends from is not working. ${SERVER_SIDE}`;
const RELINK = ["not registered, not linked or no longer authorised", "Register it again (POST /v1/register/{number}", "link it again (GET /v1/qrcodelink)"];

/** Runs signal-cli-rest-api in `mode` while `change` holds. */
function inMode(mode: "normal" | "json-rpc", change: (f: Fakes, recipient: string) => () => void) {
  return (f: Fakes, recipient: string) => {
    f.signal.signalCliMode = mode;
    const undo = change(f, recipient);
    return () => {
      undo();
      f.signal.signalCliMode = "normal";
    };
  };
}

const deauthorize = (f: Fakes) => (f.signal.deauthorized.add(SENDER), () => void f.signal.deauthorized.delete(SENDER));
const forgetSender = (f: Fakes) => (f.signal.accounts.delete(SENDER), () => void f.signal.accounts.add(SENDER));
const rateLimit = (f: Fakes) => (f.signal.rateLimited.add(SENDER), () => void f.signal.rateLimited.delete(SENDER));

const ROWS: FailureRow[] = [
  {
    name: "sender account no longer authorised (normal mode: [401] Authorization failed! inside HTTP 400)",
    kind: "sender_account",
    breakIt: inMode("normal", deauthorize),
    user: SENDER_BROKEN,
    whose: "this server's account or settings",
    admin: RELINK,
    serviceWords: `HTTP 400: Error while checking account ${SENDER}: [401] Authorization failed!`,
  },
  {
    name: "sender account no longer authorised (json-rpc mode)",
    kind: "sender_account",
    breakIt: inMode("json-rpc", deauthorize),
    user: SENDER_BROKEN,
    whose: "this server's account or settings",
    admin: RELINK,
    serviceWords: "HTTP 400: Failed to send message: [401] Authorization failed! (AuthorizationFailedException)",
  },
  {
    name: "sender number not registered with signal-cli (normal mode: User <sender> is not registered.)",
    kind: "sender_account",
    breakIt: inMode("normal", forgetSender),
    user: SENDER_BROKEN,
    whose: "this server's account or settings",
    admin: RELINK,
    serviceWords: `HTTP 400: User ${SENDER} is not registered.`,
  },
  {
    name: "sender number not held by the daemon (json-rpc mode: Specified account does not exist)",
    kind: "sender_account",
    breakIt: inMode("json-rpc", forgetSender),
    user: SENDER_BROKEN,
    whose: "this server's account or settings",
    admin: RELINK,
    serviceWords: "HTTP 400: Specified account does not exist",
  },
  {
    name: "recipient not registered with Signal (The user <recipient> is not registered.)",
    kind: "unknown_recipient",
    breakIt: (f, recipient) => (f.signal.registered.delete(recipient), () => void f.signal.registered.add(recipient)),
    user: "The code could not be sent via Signal: the gateway does not know your recipient (check the number, ID or address you set up).",
    whose: "the user's recipient",
    admin: ["the user has to check the number", "not registered with Signal"],
    serviceWords: "is not registered.",
  },
  {
    name: "sender rate-limited (normal mode)",
    kind: "rate_limited",
    breakIt: inMode("normal", rateLimit),
    user: "The code could not be sent via Signal: the gateway is limiting how many messages this server may send for now. The problem is with the messaging service, not with your account.",
    whose: "the service",
    admin: ["rate-limiting this server's account", "signalcaptchas.org", "/v1/accounts/{number}/rate-limit-challenge"],
    serviceWords: "HTTP 400: Failed to send message due to rate limiting",
  },
  {
    name: "sender rate-limited (json-rpc mode: HTTP 429 with challenge tokens)",
    kind: "rate_limited",
    breakIt: inMode("json-rpc", rateLimit),
    user: "The code could not be sent via Signal: the gateway is limiting how many messages this server may send for now. The problem is with the messaging service, not with your account.",
    whose: "the service",
    admin: ["rate-limiting this server's account", "signalcaptchas.org"],
    serviceWords: "HTTP 429: Failed to send message due to rate limiting. Use the attached challenge tokens",
  },
  {
    name: "recipient's identity changed (json-rpc mode: untrusted recipient keys)",
    kind: "untrusted_identity",
    breakIt: inMode("json-rpc", (f, recipient) => (f.signal.untrusted.add(recipient), () => void f.signal.untrusted.delete(recipient))),
    user: "The code could not be sent via Signal: your Signal safety number changed (for example after reinstalling Signal); your administrator has to trust the new one.",
    whose: "the user's recipient",
    admin: ["compare the safety number", "gatehouse gateway:signal:trust <number>", "--safety-number"],
    serviceWords: "HTTP 400: Unable to complete request due to untrusted recipient keys",
  },
];

describe("Signal failures tell the user and the admin whose problem it is", () => {
  it.each(ROWS)("$name → $kind", async (row) => {
    await expectFailure("signal", fakes, row);
  });
});

describe("'is not registered' names the party it is about", () => {
  const answer = (error: string) => ({ status: 400, text: JSON.stringify({ error }), json: { error } });
  it.each([
    [`User ${SENDER} is not registered.\n`, "sender_account"],
    ["User is not registered.", "sender_account"],
    [`The user ${SENDER} is not registered.`, "sender_account"],
    ["The user +4917012345678 is not registered.", "unknown_recipient"],
    ['Failed to send message: Unregistered user "+4917012345678"', "unknown_recipient"],
    [`Error while checking account ${SENDER}: [401] Authorization failed!\n`, "sender_account"],
    ["Failed to send message: [403] Authorization failed! (AuthorizationFailedException)", "sender_account"],
  ])("%j → %s", (error, kind) => {
    expect(signalFailure(answer(error), SENDER).kind).toBe(kind);
  });
});

describe("gateway:status", () => {
  it("finds a de-authorised sender account without sending, and tells the admin whose problem it is and what to do", async () => {
    await configure(caseFor("signal"), fakes);
    fakes.signal.deauthorized.add(SENDER);
    try {
      const status = await cliAsync(["gateway:status", "signal"]);
      expect(status.stdout).toMatch(
        /^signal\s+configured, NOT reachable — sender_account: HTTP 400: Error while checking account \+15550000001: \[401\] Authorization failed!/m,
      );
      expect(status.stdout).toMatch(/last failure \(sender_account, [^)]+\): HTTP 400: Error while checking account/);
      expect(status.stdout).toContain(
        "to fix (this server's account or settings): The account this server sends from is not registered, not linked or no longer authorised",
      );
      expect(status.stdout).toContain("link it again (GET /v1/qrcodelink)");
    } finally {
      fakes.signal.deauthorized.delete(SENDER);
    }
  });
});
