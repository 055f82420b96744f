// Threat: a takeover the owner never hears about — changes to how the account is secured, and sign-ins from new browsers, must reach them by e-mail.
import { describe, expect, it, vi } from "vitest";
import { captureLog } from "@/test/support/log";
import { mailToSink } from "@/test/support/mail-to-sink";
import { CHROME_WINDOWS, FIREFOX_LINUX, client } from "@/test/support/security";

// Loaded only once SMTP_URL points at the sink (lib/env.ts reads the environment once).
const smtp = mailToSink(async () => ({
  notify: await import("@/lib/mail/notify"),
  background: await import("@/lib/background"),
  factories: await import("@/test/support/factories"),
}));

async function userWithMail() {
  const { randomBytes } = await import("node:crypto");
  const email = `owner-${randomBytes(4).toString("hex")}@example.test`;
  return { ...(await smtp.lib.factories.makeUser({ email })), email };
}

const mailTo = (address: string) => smtp.sink.received.filter((m) => m.to.includes(address));

describe("security notifications over SMTP", () => {
  it.each([
    ["app_password.created", { name: "Phone (DAVx5)" }, /new app password was created/, /"Phone \(DAVx5\)"/],
    ["factor.enabled", { provider: "Authenticator app" }, /turned on/, /The two-factor method "Authenticator app" was turned on/],
    ["factor.disabled", { provider: "Authenticator app", byAdmin: true }, /turned off/, /turned off for your account by an administrator/],
    ["backup_codes.regenerated", {}, /backup codes/, /previous codes no longer work/],
    ["password.changed", {}, /password was changed/, /password of your account was changed/],
  ] as const)("delivers %s to the account's address, saying what, when and from where — and no secret", async (kind, details, subject, line) => {
    const user = await userWithMail();
    const meta = client("203.0.113.45", FIREFOX_LINUX);
    expect(await smtp.lib.notify.deliverNotification(user.id, kind, { ...details, ...meta })).toBe("sent");
    const mail = await smtp.sink.waitFor((m) => m.to.includes(user.email));
    expect(mail.from).toBe("security@gatehouse.test");
    expect(mail.to).toEqual([user.email]);
    expect(mail.subject).toMatch(/^\[Gatehouse\] /);
    expect(mail.subject).toMatch(subject);
    expect(mail.text).toMatch(line);
    expect(mail.text).toContain("203.0.113.45 (Firefox on Linux)");
    expect(mail.text).toContain(`Account: ${user.login}`);
    expect(mail.raw).not.toContain(user.password);
    expect(mail.raw).not.toMatch(/\$argon2/);
  });

  it("sends from the background after the response: notify() itself never waits or throws", async () => {
    const user = await userWithMail();
    expect(smtp.lib.notify.notify(user.id, "password.changed", client())).toBeUndefined();
    await smtp.lib.background.backgroundSettled();
    expect(mailTo(user.email)).toHaveLength(1);
  });

  it("announces a sign-in from a browser and system the account has not used before — once, and never the first sign-in", async () => {
    const user = await userWithMail();
    const sessions = [
      await smtp.lib.factories.makeSession(user.id, { meta: client(undefined, FIREFOX_LINUX) }), // first ever: nothing to compare
      await smtp.lib.factories.makeSession(user.id, { meta: client(undefined, FIREFOX_LINUX.replace("140.0", "141.0")) }), // same browser, new version
      await smtp.lib.factories.makeSession(user.id, { meta: client("198.51.100.77", CHROME_WINDOWS) }), // new: announce
      await smtp.lib.factories.makeSession(user.id, { meta: client(undefined, CHROME_WINDOWS) }), // seen now
    ];
    await smtp.lib.background.backgroundSettled();
    const mails = mailTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("[Gatehouse] New sign-in from Chrome on Windows");
    expect(mails[0]!.text).toContain("198.51.100.77 (Chrome on Windows)");
    for (const sid of sessions) expect(mails[0]!.raw).not.toContain(sid);
  });

  it("remembers a browser behind hundreds of later sign-ins from another (distinct browsers, not the last rows)", async () => {
    const { db } = await import("@/lib/db");
    const user = await userWithMail();
    await smtp.lib.factories.makeSession(user.id, { meta: client(undefined, CHROME_WINDOWS) });
    const firefox = client(undefined, FIREFOX_LINUX);
    await db.securityEvent.createMany({
      data: Array.from({ length: 450 }, () => ({ userId: user.id, type: "sign_in.succeeded", ip: firefox.ip, userAgent: firefox.userAgent, details: "{}" })),
    });
    await smtp.lib.factories.makeSession(user.id, { meta: client(undefined, CHROME_WINDOWS) });
    await smtp.lib.background.backgroundSettled();
    expect(mailTo(user.email)).toHaveLength(0);
    await smtp.lib.factories.makeSession(user.id, {
      meta: client("198.51.100.78", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"),
    });
    await smtp.lib.background.backgroundSettled();
    expect(mailTo(user.email).map((m) => m.subject)).toEqual(["[Gatehouse] New sign-in from Safari on macOS"]);
  });

  it("tells the owner about every factor turned on or off — TOTP, backup codes, message codes — by them or by an admin", async () => {
    const user = await userWithMail();
    const { channelById } = await import("@/lib/gateways");
    const setup = await import("@/lib/providers/message-code/setup");
    const { regenerateCodes } = await import("@/lib/providers/backup-codes/store");
    const { disableForUser } = await import("@/lib/two-factor/admin");
    const email = { channel: channelById("email"), providerId: "email" };

    await smtp.lib.factories.enrolTotp(user.id);
    await regenerateCodes(user.id);
    // E-mail codes, set up with the code the sink received (this account's own address).
    expect(await setup.startSetup(email, user.id, user.email)).toMatchObject({ ok: true });
    const sent = await smtp.sink.waitFor((m) => m.to.includes(user.email) && /\b\d{6}\b/.test(m.text) && !/turned on/.test(m.text));
    expect(await setup.finishSetup(email, user.id, /\b(\d{6})\b/.exec(sent.text)![1]!)).toMatchObject({ ok: true });
    await setup.disableForUser(email, user.id);
    await disableForUser(user.id, undefined, "rescuer");
    await smtp.lib.background.backgroundSettled();

    const lines = mailTo(user.email).map((m) => m.text.split("\n").find((l) => l.includes("for your account")));
    // Each is sent in the background as its change commits, so two close together may arrive in either order.
    expect(lines.filter(Boolean).sort()).toEqual(
      [
        'The two-factor method "Authenticator app" was turned on for your account.',
        "New backup codes were generated for your account. The previous codes no longer work.",
        'The two-factor method "E-mail codes" was turned on for your account.',
        'The two-factor method "E-mail codes" was turned off for your account.',
        'The two-factor method "Authenticator app" was turned off for your account by an administrator.',
        'The two-factor method "Backup codes" was turned off for your account by an administrator.',
      ].sort(),
    );
  });

  it("skips an account without an e-mail address", async () => {
    const user = await smtp.lib.factories.makeUser();
    expect(await smtp.lib.notify.deliverNotification(user.id, "password.changed", {})).toBe("no_address");
  });
});

describe("without a working mail server", () => {
  it("logs and carries on when no mail is set up", async () => {
    const user = await userWithMail();
    delete process.env.SMTP_URL;
    process.env.LOG_LEVEL = "info"; // tests log warnings only by default
    vi.resetModules();
    const notify = await import("@/lib/mail/notify");
    const log = captureLog();
    try {
      expect(await notify.deliverNotification(user.id, "password.changed", {})).toBe("not_configured");
      expect(log.entries).toContainEqual(expect.objectContaining({ level: 30, msg: expect.stringContaining("no e-mail set up"), userId: user.id }));
    } finally {
      log.restore();
      delete process.env.LOG_LEVEL;
      process.env.SMTP_URL = smtp.sink.url;
    }
  });

  it("never fails the caller when the server is unreachable (the error is logged)", async () => {
    const user = await userWithMail();
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    vi.resetModules();
    const notify = await import("@/lib/mail/notify");
    const background = await import("@/lib/background");
    const log = captureLog();
    try {
      expect(await notify.deliverNotification(user.id, "password.changed", {})).toBe("failed");
      expect(() => notify.notify(user.id, "password.changed", {})).not.toThrow();
      await background.backgroundSettled();
      expect(log.entries).toContainEqual(expect.objectContaining({ level: 40, msg: "gateway: send failed", channel: "email", kind: "unreachable" }));
    } finally {
      log.restore();
      process.env.SMTP_URL = smtp.sink.url;
    }
  });
});
