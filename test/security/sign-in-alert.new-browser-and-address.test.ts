// Threat: a sign-in by someone else that the owner never hears of — or alerts so frequent (every new network, every browser update) that the real one is ignored.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSmtpSink } from "@/test/support/smtp-sink";
import { CHROME_WINDOWS, FIREFOX_LINUX, client } from "@/test/support/security";

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let lib: { background: typeof import("@/lib/background"); factories: typeof import("@/test/support/factories") };

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.MAIL_FROM = "Gatehouse <security@gatehouse.test>";
  process.env.PUBLIC_URL = "https://id.example.test";
  vi.resetModules();
  lib = { background: await import("@/lib/background"), factories: await import("@/test/support/factories") };
  const { db } = await import("@/lib/db");
  await db.gatewayConfig.deleteMany({ where: { channel: "email" } });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  delete process.env.PUBLIC_URL;
  await sink?.close();
});

async function userWithMail() {
  const { randomBytes } = await import("node:crypto");
  const email = `alert-${randomBytes(4).toString("hex")}@example.test`;
  return { ...(await lib.factories.makeUser({ email })), email };
}

describe("new-sign-in alerts", () => {
  it("mail once for a browser AND an address the account never signed in from, linking to the devices list — not for a new browser at a known address, nor a known browser at a new one", async () => {
    const user = await userWithMail();
    const signIn = (ip: string, ua: string) => lib.factories.makeSession(user.id, { meta: client(ip, ua) });
    await signIn("203.0.113.10", FIREFOX_LINUX); // the first: nothing to compare with
    await signIn("203.0.113.10", CHROME_WINDOWS); // new browser, known address
    await signIn("198.51.100.20", FIREFOX_LINUX); // known browser, new address
    await lib.background.backgroundSettled();
    expect(sink.received.filter((m) => m.to.includes(user.email))).toHaveLength(0);

    const safari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    await signIn("192.0.2.30", safari); // both new: announce
    await signIn("192.0.2.30", safari); // seen now: once
    await lib.background.backgroundSettled();
    const mails = sink.received.filter((m) => m.to.includes(user.email));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("[Gatehouse] New sign-in from Safari on macOS");
    expect(mails[0]!.text).toContain("192.0.2.30 (Safari on macOS)");
    expect(mails[0]!.text).toContain("https://id.example.test/settings/security#devices");
  });

  it("judges an IPv6 address by its /64: another address in a known /64 is known", async () => {
    const user = await userWithMail();
    await lib.factories.makeSession(user.id, { meta: client("2001:db8:aa:bb::1", FIREFOX_LINUX) });
    await lib.factories.makeSession(user.id, { meta: client("2001:db8:aa:bb::2", CHROME_WINDOWS) });
    await lib.background.backgroundSettled();
    expect(sink.received.filter((m) => m.to.includes(user.email))).toHaveLength(0);
  });
});
