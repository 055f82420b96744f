// Threat: a "don't ask again" cookie that skips the second factor for the wrong account, outlives a password change or reset, or leaks from the database.
import { afterEach, describe, expect, it } from "vitest";
import { changePassword } from "@/lib/auth/password-change";
import { passwordStep } from "@/lib/auth/login";
import { revokeOtherSessions } from "@/lib/auth/devices";
import { resetPassword, revokeAllTokens } from "@/lib/admin/accounts";
import { setConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { disableForUser } from "@/lib/two-factor/admin";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import {
  MAX_TRUSTED_BROWSERS,
  listTrustedBrowsers,
  revokeAllTrustedBrowsers,
  revokeTrustedBrowser,
  skippingTrustedChallenge,
  trustBrowser,
  useTrustedBrowser,
} from "@/lib/two-factor/trusted-browsers";
import { META, enrolTotp, makeSession, makeUser } from "@/test/support/factories";

const NEW = "a brand new long passphrase";

async function trustedUser(options: { isAdmin?: boolean } = {}) {
  const user = await makeUser(options);
  await enrolTotp(user.id);
  const trusted = await trustBrowser(user.id, META);
  return { user, secret: trusted?.secret };
}

/** What the password step asks next from a browser carrying `secret` as its trust cookie. */
async function nextStep(user: { login: string; password: string }, secret: string | undefined) {
  const step = await passwordStep({ login: user.login, password: user.password }, META, skippingTrustedChallenge(loginRequirement, secret, META));
  if (!step.ok) throw new Error(step.message);
  return step.data.then;
}

afterEach(async () => {
  await setConfig("trusted_browser_days", "30", "test");
});

describe("trusted browsers", () => {
  it("skips the second factor for the account that trusted the browser — after its password, never instead of it", async () => {
    const { user, secret } = await trustedUser();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await nextStep(user, secret)).toBe("none");
    expect(await nextStep(user, undefined)).toBe("challenge");
    expect(
      await passwordStep({ login: user.login, password: "not the password" }, META, skippingTrustedChallenge(loginRequirement, secret, META)),
    ).toMatchObject({
      ok: false,
      error: "invalid_credentials",
    });
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "trusted_browser.used" } })).toBe(1);
  });

  it("stores only a keyed hash: neither the secret nor its plain SHA-256 is in the row", async () => {
    const { createHash } = await import("node:crypto");
    const { user, secret } = await trustedUser();
    const rows = await db.trustedBrowser.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(secret!);
    expect(stored).not.toContain(createHash("sha256").update(secret!).digest("base64url"));
    expect(stored).not.toContain(createHash("sha256").update(secret!).digest("hex"));
  });

  it("is useless for another account: a cookie copied into someone else's sign-in still gets the challenge", async () => {
    const { secret } = await trustedUser();
    const other = await makeUser();
    await enrolTotp(other.id);
    expect(await nextStep(other, secret)).toBe("challenge");
    expect(await useTrustedBrowser(other.id, secret, META)).toBe(false);
  });

  it.each([
    [
      "a password change",
      async (u: { id: string; password: string }) =>
        void (await changePassword(u.id, { current: u.password, next: NEW, repeat: NEW, revokeAppPasswords: false }, META)),
    ],
    [
      "an admin's password reset",
      async (u: { id: string; login: string }) => void (await resetPassword({ ...u, isAdmin: false, disabled: false }, NEW, "rescuer")),
    ],
    ["an admin's factor reset", async (u: { id: string }) => void (await disableForUser(u.id, "totp", "rescuer"))],
    [
      "signing out everywhere else",
      async (u: { id: string }) => {
        const sid = await makeSession(u.id);
        const token = await db.authToken.findFirstOrThrow({ where: { userId: u.id }, orderBy: { id: "desc" } });
        expect(sid).toBeTruthy();
        await revokeOtherSessions(u.id, token.id, META);
      },
    ],
    ["the admin's sign out everywhere", async (u: { id: string }) => void (await revokeAllTokens(u.id, "rescuer"))],
    ["the admin's revoke trusted browsers", async (u: { id: string }) => void (await revokeAllTrustedBrowsers(u.id, "rescuer"))],
  ] as const)("is voided by %s", async (_name, voidIt) => {
    const { user, secret } = await trustedUser();
    // A second factor stays on (an admin's reset of TOTP leaves backup codes or nothing; either way no skip).
    await (voidIt as (u: typeof user) => Promise<void>)(user);
    expect(await db.trustedBrowser.count({ where: { userId: user.id } })).toBe(0);
    expect(await useTrustedBrowser(user.id, secret, META)).toBe(false);
  });

  it("is removed one by one by its owner only, by id", async () => {
    const { user, secret } = await trustedUser();
    const [row] = await listTrustedBrowsers(user.id, secret);
    expect(row).toMatchObject({ name: "Firefox on Linux", ip: META.ip, current: true });
    const stranger = await makeUser();
    expect(await revokeTrustedBrowser(stranger.id, row!.id)).toMatchObject({ ok: false, error: "not_found" });
    expect(await revokeTrustedBrowser(user.id, "1; DROP TABLE")).toMatchObject({ ok: false, error: "not_found" });
    expect(await useTrustedBrowser(user.id, secret, META)).toBe(true);
    expect(await revokeTrustedBrowser(user.id, String(row!.id))).toMatchObject({ ok: true });
    expect(await useTrustedBrowser(user.id, secret, META)).toBe(false);
  });

  it("is not offered or honoured for an administrator's own account", async () => {
    const admin = await makeUser({ isAdmin: true });
    await enrolTotp(admin.id);
    expect(await trustBrowser(admin.id, META)).toBeNull();
    // A row made while they were no admin stops working once they are one.
    const { user, secret } = await trustedUser();
    await db.user.update({ where: { id: user.id }, data: { isAdmin: true } });
    expect(await nextStep(user, secret)).toBe("challenge");
  });

  it("follows the admin's setting: off honours no trust, and fewer days shorten trusts already given", async () => {
    const { user, secret } = await trustedUser();
    expect(await setConfig("trusted_browser_days", "off", "test")).toMatchObject({ ok: true, data: { value: "off" } });
    expect(await nextStep(user, secret)).toBe("challenge");
    expect(await trustBrowser(user.id, META)).toBeNull();
    await setConfig("trusted_browser_days", "2", "test");
    expect(await nextStep(user, secret)).toBe("none");
    await db.trustedBrowser.updateMany({ where: { userId: user.id }, data: { createdAt: new Date(Date.now() - 3 * 86_400_000) } });
    expect(await nextStep(user, secret)).toBe("challenge");
  });

  it("expires: a trust past its end skips nothing", async () => {
    const { user, secret } = await trustedUser();
    await db.trustedBrowser.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await nextStep(user, secret)).toBe("challenge");
    expect(await listTrustedBrowsers(user.id)).toEqual([]);
  });

  it.each(["0", "off", "1", "90"])("accepts %s days as the setting", async (value) => {
    expect(await setConfig("trusted_browser_days", value, "test")).toMatchObject({ ok: true });
  });

  it.each(["91", "-1", "1.5", "30 days", "", "0x10"])("refuses %j days as the setting", async (value) => {
    expect(await setConfig("trusted_browser_days", value, "test")).toMatchObject({ ok: false, error: "invalid_input" });
  });

  it("keeps at most MAX_TRUSTED_BROWSERS per account, forgetting the least recently used", async () => {
    const { user, secret: first } = await trustedUser();
    await db.trustedBrowser.updateMany({ where: { userId: user.id }, data: { lastUsedAt: new Date(Date.now() - 60_000) } });
    for (let i = 0; i < MAX_TRUSTED_BROWSERS; i++) await trustBrowser(user.id, META);
    expect(await db.trustedBrowser.count({ where: { userId: user.id } })).toBe(MAX_TRUSTED_BROWSERS);
    expect(await useTrustedBrowser(user.id, first, META)).toBe(false);
  });

  it("never skips a challenge that fails closed: a provider the account has on is missing", async () => {
    const { user, secret } = await trustedUser();
    await db.twoFactorProviderState.create({ data: { userId: user.id, providerId: "uninstalled-provider", enabled: true } });
    expect(await nextStep(user, secret)).toBe("challenge");
  });
});
