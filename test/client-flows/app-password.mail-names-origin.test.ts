// Threat: an app password is slipped onto the account (a phished grant, a stolen session) and the owner never hears of it, or hears without learning how it was made.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mailToSink } from "@/test/support/mail-to-sink";

// Loaded only once SMTP_URL points at the sink (lib/env.ts reads the environment once).
const smtp = mailToSink(async () => ({
  passwords: await import("@/lib/auth/app-passwords"),
  grants: await import("@/lib/client-flows/grants"),
  device: await import("@/lib/client-flows/device-grant"),
  loginFlow: await import("@/lib/client-flows/login-flow"),
  background: await import("@/lib/background"),
  factories: await import("@/test/support/factories"),
}));

describe("the e-mail on every new app password", () => {
  it("names how it was made: settings page, client API, Login Flow, device code", async () => {
    const email = `owner-${randomBytes(4).toString("hex")}@example.test`;
    const user = await smtp.lib.factories.makeUser({ email });
    await smtp.lib.passwords.createAppPassword(user.id, { name: "From settings" }, { audit: smtp.lib.factories.META, origin: "settings" });
    await smtp.lib.passwords.createAppPassword(user.id, { name: "From API", expiresInDays: 90 }, { client: smtp.lib.factories.META });
    const started = await smtp.lib.device.startDeviceGrant("http://localhost", "tv", smtp.lib.factories.META);
    if (!started.ok) throw new Error(started.message);
    const code = started.data.user_code.replace("-", "");
    await smtp.lib.grants.decideGrant(user.id, "device", code, { grant: true, name: "From device" }, smtp.lib.factories.META);
    const collected = await smtp.lib.grants.collectGrant("device", started.data.device_code, smtp.lib.factories.META);
    expect(collected.state).toBe("issued");
    const flow = await smtp.lib.loginFlow.startLoginFlow("http://localhost", "laptop", smtp.lib.factories.META);
    if (!flow.ok) throw new Error(flow.message);
    const pageToken = flow.data.login.split("/connect/")[1]!;
    await smtp.lib.grants.decideGrant(user.id, "login_flow", pageToken, { grant: true, name: "From Login Flow" }, smtp.lib.factories.META);
    const polled = await smtp.lib.grants.collectGrant("login_flow", flow.data.poll.token, smtp.lib.factories.META);
    expect(polled.state).toBe("issued");
    await smtp.lib.background.backgroundSettled();
    const mails = smtp.sink.received.filter((m) => m.to.includes(email)).map((m) => m.text.replace(/\r?\n/g, " "));
    expect(mails).toHaveLength(4);
    expect(mails.find((t) => t.includes('"From settings"'))).toMatch(/through the security settings page/);
    expect(mails.find((t) => t.includes('"From API"'))).toMatch(/through the client API; it works until \d{4}-\d\d-\d\d/);
    expect(mails.find((t) => t.includes('"From device"'))).toMatch(/through a device code \(device sign-in\)/);
    expect(mails.find((t) => t.includes('"From Login Flow"'))).toMatch(/through a client's sign-in \(Login Flow\)/);
    for (const text of mails) expect(text).not.toMatch(/[A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}/);
  });
});
