// Threat: a sign-in by someone else that the owner never hears of — or alerts so frequent (every new network, every browser update) that the real one is ignored.
import { describe, expect, it } from "vitest";
import { mailToSink } from "@/test/support/mail-to-sink";
import { CHROME_WINDOWS, FIREFOX_LINUX, client } from "@/test/support/security";

// Loaded only once SMTP_URL points at the sink (lib/env.ts reads the environment once).
const smtp = mailToSink(
  async () => ({
    background: await import("@/lib/background"),
    factories: await import("@/test/support/factories"),
  }),
  { PUBLIC_URL: "https://id.example.test" },
);

async function userWithMail() {
  const { randomBytes } = await import("node:crypto");
  const email = `alert-${randomBytes(4).toString("hex")}@example.test`;
  return { ...(await smtp.lib.factories.makeUser({ email })), email };
}

describe("new-sign-in alerts", () => {
  it("mail once for a browser AND an address the account never signed in from, linking to the devices list — not for a new browser at a known address, nor a known browser at a new one", async () => {
    const user = await userWithMail();
    const signIn = (ip: string, ua: string) => smtp.lib.factories.makeSession(user.id, { meta: client(ip, ua) });
    await signIn("203.0.113.10", FIREFOX_LINUX); // the first: nothing to compare with
    await signIn("203.0.113.10", CHROME_WINDOWS); // new browser, known address
    await signIn("198.51.100.20", FIREFOX_LINUX); // known browser, new address
    await smtp.lib.background.backgroundSettled();
    expect(smtp.sink.received.filter((m) => m.to.includes(user.email))).toHaveLength(0);

    const safari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    await signIn("192.0.2.30", safari); // both new: announce
    await signIn("192.0.2.30", safari); // seen now: once
    await smtp.lib.background.backgroundSettled();
    const mails = smtp.sink.received.filter((m) => m.to.includes(user.email));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("[Gatehouse] New sign-in from Safari on macOS");
    expect(mails[0]!.text).toContain("192.0.2.30 (Safari on macOS)");
    expect(mails[0]!.text).toContain("https://id.example.test/settings/security#devices");
  });

  it("judges an IPv6 address by its /64: another address in a known /64 is known", async () => {
    const user = await userWithMail();
    await smtp.lib.factories.makeSession(user.id, { meta: client("2001:db8:aa:bb::1", FIREFOX_LINUX) });
    await smtp.lib.factories.makeSession(user.id, { meta: client("2001:db8:aa:bb::2", CHROME_WINDOWS) });
    await smtp.lib.background.backgroundSettled();
    expect(smtp.sink.received.filter((m) => m.to.includes(user.email))).toHaveLength(0);
  });
});
