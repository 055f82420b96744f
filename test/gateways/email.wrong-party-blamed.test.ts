// Threat: e-mail failures blame the wrong party — a refused SMTP login, an unknown or full mailbox and the mail server's own trouble read alike, so users and the admin look in the wrong place.
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectFailure, type FailureRow } from "@/test/gateways/failure-table";
import { caseFor, configure, startFakes, type Fakes } from "@/test/gateways/support";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

const SENT_VIA = "The code could not be sent via E-mail:";
const email = caseFor("email");

const ROWS: FailureRow[] = [
  {
    name: "SMTP login refused (535)",
    kind: "credentials",
    breakIt: async (f) => {
      await configure(email, f, email.badCredentials(f));
      return () => undefined;
    },
    user: `${SENT_VIA} the gateway refused this server's credentials. The problem is on this server's side, not with your account: your administrator can fix it.`,
    whose: "this server's account or settings",
    admin: ["refused this server's token, key or password", "SMTP server refused the login"],
    serviceWords: "535 Invalid username or password",
  },
  {
    name: "no such mailbox (550)",
    kind: "unknown_recipient",
    breakIt: (f, r) => (f.smtp.unknown.add(r), () => void f.smtp.unknown.delete(r)),
    user: `${SENT_VIA} the gateway does not know your recipient (check the number, ID or address you set up).`,
    whose: "the user's recipient",
    admin: ["the user has to check"],
    serviceWords: "550",
  },
  {
    name: "mailbox full (552)",
    kind: "recipient_unreachable",
    breakIt: (f, r) => (f.smtp.full.add(r), () => void f.smtp.full.delete(r)),
    user: `${SENT_VIA} the gateway cannot deliver to you there (for example you blocked the sender, unsubscribed, or the number cannot receive messages).`,
    whose: "the user's recipient",
    admin: ["the mailbox is full (552)"],
    serviceWords: "exceeded storage allocation",
  },
  {
    name: "mail server's local error (451)",
    kind: "service_error",
    breakIt: (f) => ((f.smtp.mode = "error451"), () => void (f.smtp.mode = "ok")),
    user: `${SENT_VIA} the gateway reported an error. The problem is with the messaging service, not with your account.`,
    whose: "the service",
    admin: ["reported an error of its own"],
    serviceWords: "451",
  },
];

describe("E-mail failures tell the user and the admin whose problem it is", () => {
  it.each(ROWS)("$name → $kind", async (row) => {
    await expectFailure("email", fakes, row);
  });
});
