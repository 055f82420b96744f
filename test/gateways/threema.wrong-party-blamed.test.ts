// Threat: Threema Gateway failures blame the wrong party — a wrong secret or an account out of credits reads like the user's problem, so users and the admin look in the wrong place.
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

const SENT_VIA = "The code could not be sent via Threema:";
const SERVER_SIDE = "The problem is on this server's side, not with your account: your administrator can fix it.";

const ROWS: FailureRow[] = [
  {
    name: "API secret wrong (401)",
    kind: "credentials",
    breakIt: (f) => {
      const secret = f.threema.secret;
      f.threema.secret = "revoked-secret-00";
      return () => void (f.threema.secret = secret);
    },
    user: `${SENT_VIA} the gateway refused this server's credentials. ${SERVER_SIDE}`,
    whose: "this server's account or settings",
    admin: ["refused this server's token", "gateway.threema.ch"],
    serviceWords: "HTTP 401: API identity or secret incorrect",
  },
  {
    name: "no credits left (402)",
    kind: "quota",
    breakIt: (f) => {
      const credits = f.threema.credits;
      f.threema.credits = 0;
      return () => void (f.threema.credits = credits);
    },
    user: `${SENT_VIA} the gateway has no credit left. ${SERVER_SIDE}`,
    whose: "this server's account or settings",
    admin: ["top it up", "buy credits"],
    serviceWords: "HTTP 402: no credits remain",
  },
  {
    name: "unknown Threema ID (400)",
    kind: "unknown_recipient",
    breakIt: (f, r) => (f.threema.identities.delete(r), () => void f.threema.identities.add(r)),
    user: `${SENT_VIA} the gateway does not know your recipient (check the number, ID or address you set up).`,
    whose: "the user's recipient",
    admin: ["the user has to check", "basic-mode"],
    serviceWords: "HTTP 400: the recipient identity is invalid",
  },
  {
    name: "temporary gateway error (500)",
    kind: "service_error",
    breakIt: (f) => ((f.threema.mode = "error500"), () => void (f.threema.mode = "ok")),
    user: `${SENT_VIA} the gateway reported an error. The problem is with the messaging service, not with your account.`,
    whose: "the service",
    admin: ["reported an error of its own"],
    serviceWords: "HTTP 500: temporary internal server error",
  },
];

describe("Threema failures tell the user and the admin whose problem it is", () => {
  it.each(ROWS)("$name → $kind", async (row) => {
    await expectFailure("threema", fakes, row);
  });
});
