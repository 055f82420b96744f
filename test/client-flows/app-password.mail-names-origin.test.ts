// Threat: an app password is slipped onto the account (a phished grant, a stolen session) and the owner never hears of it, or hears without learning how it was made.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSmtpSink } from "@/test/support/smtp-sink";

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let lib: {
  passwords: typeof import("@/lib/auth/app-passwords");
  grants: typeof import("@/lib/client-flows/grants");
  device: typeof import("@/lib/client-flows/device-grant");
  background: typeof import("@/lib/background");
  factories: typeof import("@/test/support/factories");
};

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.MAIL_FROM = "Gatehouse <security@gatehouse.test>";
  vi.resetModules();
  lib = {
    passwords: await import("@/lib/auth/app-passwords"),
    grants: await import("@/lib/client-flows/grants"),
    device: await import("@/lib/client-flows/device-grant"),
    background: await import("@/lib/background"),
    factories: await import("@/test/support/factories"),
  };
  const { db } = await import("@/lib/db");
  await db.gatewayConfig.deleteMany({ where: { channel: "email" } });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  await sink?.close();
});

describe("the e-mail on every new app password", () => {
  it("names how it was made: settings page, client API, device code", async () => {
    const email = `owner-${randomBytes(4).toString("hex")}@example.test`;
    const user = await lib.factories.makeUser({ email });
    await lib.passwords.createAppPassword(user.id, { name: "From settings" }, { audit: lib.factories.META, origin: "settings" });
    await lib.passwords.createAppPassword(user.id, { name: "From API", expiresInDays: 90 }, { client: lib.factories.META });
    const started = await lib.device.startDeviceGrant("http://localhost", "tv", lib.factories.META);
    if (!started.ok) throw new Error(started.message);
    const code = started.data.user_code.replace("-", "");
    await lib.grants.decideGrant(user.id, "device", code, { grant: true, name: "From device" }, lib.factories.META);
    const collected = await lib.grants.collectGrant("device", started.data.device_code, lib.factories.META);
    expect(collected.state).toBe("issued");
    await lib.background.backgroundSettled();
    const mails = sink.received.filter((m) => m.to.includes(email)).map((m) => m.text.replace(/\r?\n/g, " "));
    expect(mails).toHaveLength(3);
    expect(mails.find((t) => t.includes('"From settings"'))).toMatch(/through the security settings page/);
    expect(mails.find((t) => t.includes('"From API"'))).toMatch(/through the client API; it works until \d{4}-\d\d-\d\d/);
    expect(mails.find((t) => t.includes('"From device"'))).toMatch(/through a device code/);
    for (const text of mails) expect(text).not.toMatch(/[A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}/);
  });
});
