// Threat: Twilio failures blame the wrong party — a From number the account does not own, a disabled region or a user's STOP all read as "refused", so users and the admin look in the wrong place.
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectFailure, type FailureRow } from "@/test/gateways/failure-table";
import { startFakes, type Fakes } from "@/test/gateways/support";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

const SENT_VIA = "The code could not be sent via SMS:";
const SERVER_SIDE = "The problem is on this server's side, not with your account: your administrator can fix it.";
const FROM = "+15005550006";

const ROWS: FailureRow[] = [
  {
    name: "auth token rotated (20003 Authenticate)",
    kind: "credentials",
    breakIt: (f) => {
      const token = f.twilio.authToken;
      f.twilio.authToken = "rotated-token-0000000000000000000";
      return () => void (f.twilio.authToken = token);
    },
    user: `${SENT_VIA} the gateway refused this server's credentials. ${SERVER_SIDE}`,
    whose: "this server's account or settings",
    admin: ["refused this server's token", "Twilio (20003)"],
    serviceWords: "HTTP 401: 20003 Authenticate",
  },
  {
    name: "From number not in the account (21606)",
    kind: "sender_account",
    breakIt: (f) => (f.twilio.numbers.delete(FROM), () => void f.twilio.numbers.add(FROM)),
    user: `${SENT_VIA} the account this server sends from is not working. ${SERVER_SIDE}`,
    whose: "this server's account or settings",
    admin: ["The account this server sends from", "not one of this account's numbers"],
    serviceWords: `HTTP 400: 21606 The From phone number ${FROM} is not a valid, SMS-capable inbound phone number or short code for your account.`,
  },
  {
    name: "not a mobile number (21614)",
    kind: "unknown_recipient",
    breakIt: (f, r) => (f.twilio.mobiles.delete(r), () => void f.twilio.mobiles.add(r)),
    user: `${SENT_VIA} the gateway does not know your recipient (check the number, ID or address you set up).`,
    whose: "the user's recipient",
    admin: ["the user has to check"],
    serviceWords: "is not a valid mobile number",
  },
  {
    name: "user replied STOP (21610)",
    kind: "recipient_unreachable",
    breakIt: (f, r) => (f.twilio.unsubscribed.add(r), () => void f.twilio.unsubscribed.delete(r)),
    user: `${SENT_VIA} the gateway cannot deliver to you there (for example you blocked the sender, unsubscribed, or the number cannot receive messages).`,
    whose: "the user's recipient",
    admin: ["replied STOP", "START"],
    serviceWords: "HTTP 400: 21610 Attempt to send to unsubscribed recipient",
  },
  {
    name: "region not enabled (21408)",
    kind: "destination_not_allowed",
    breakIt: (f) => (f.twilio.regionsOff.add("+49"), () => void f.twilio.regionsOff.delete("+49")),
    user: `${SENT_VIA} this server's gateway account may not send to your number (for example to your country). ${SERVER_SIDE}`,
    whose: "this server's account or settings",
    admin: ["may not send to this destination", "Geo permissions"],
    serviceWords: "HTTP 400: 21408 Permission to send an SMS has not been enabled for the region",
  },
  {
    name: "too many requests (20429)",
    kind: "rate_limited",
    breakIt: (f) => ((f.twilio.throttled = true), () => void (f.twilio.throttled = false)),
    user: `${SENT_VIA} the gateway is limiting how many messages this server may send for now. The problem is with the messaging service, not with your account.`,
    whose: "the service",
    admin: ["rate-limiting"],
    serviceWords: "HTTP 429: 20429 Too Many Requests",
  },
];

describe("Twilio failures tell the user and the admin whose problem it is", () => {
  it.each(ROWS)("$name → $kind", async (row) => {
    await expectFailure("sms", fakes, row);
  });
});
