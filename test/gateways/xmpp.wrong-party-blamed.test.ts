// Threat: XMPP failures blame the wrong party — a refused sender login, a bounce for an unknown account and the server's own error read alike, so users and the admin look in the wrong place.
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

const SENT_VIA = "The code could not be sent via XMPP:";

const ROWS: FailureRow[] = [
  {
    name: "sender's password changed (SASL not-authorized)",
    kind: "credentials",
    breakIt: (f) => {
      f.xmpp.accounts.set("gatehouse", "changed-on-the-server");
      return () => void f.xmpp.accounts.set("gatehouse", "xmpp-secret-password");
    },
    user: `${SENT_VIA} the gateway refused this server's credentials. The problem is on this server's side, not with your account: your administrator can fix it.`,
    whose: "this server's account or settings",
    admin: ["refused this server's token, key or password", "refused the sender JID's password (SASL)"],
    serviceWords: "SASL not-authorized",
  },
  {
    name: "no such account (service-unavailable bounce)",
    kind: "unknown_recipient",
    breakIt: (f, r) => {
      const local = r.split("@")[0]!;
      f.xmpp.accounts.delete(local);
      return () => void f.xmpp.accounts.set(local, "irrelevant");
    },
    user: `${SENT_VIA} the gateway does not know your recipient (check the number, ID or address you set up).`,
    whose: "the user's recipient",
    admin: ["the user has to check"],
    serviceWords: "message bounced: service-unavailable",
  },
  {
    name: "server's own error (internal-server-error bounce)",
    kind: "service_error",
    breakIt: (f) => ((f.xmpp.mode = "error500"), () => void (f.xmpp.mode = "ok")),
    user: `${SENT_VIA} the gateway reported an error. The problem is with the messaging service, not with your account.`,
    whose: "the service",
    admin: ["reported an error of its own"],
    serviceWords: "message bounced: internal-server-error",
  },
];

describe("XMPP failures tell the user and the admin whose problem it is", () => {
  it.each(ROWS)("$name → $kind", async (row) => {
    await expectFailure("xmpp", fakes, row);
  });
});
