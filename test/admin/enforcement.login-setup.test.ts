// Threat: an enforced user without a factor signing in with the password alone — they must set one up first.
import { afterEach, describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { redeemChallenge } from "@/lib/auth/challenge";
import { db } from "@/lib/db";
import { addGroup, addToGroup } from "@/lib/groups";
import { pendingLogin } from "@/lib/two-factor/challenge-flow";
import { readPolicy, writePolicy } from "@/lib/two-factor/enforcement";
import { finishLoginSetup, mustSetUpAtLogin, providersForLoginSetup } from "@/lib/two-factor/login-setup";
import { loginRequirement, setProviderSwitchedOff } from "@/lib/two-factor/provider-set";
import { META, makeUser, totpCode } from "@/test/support/factories";

afterEach(async () => {
  await writePolicy({ enforced: false, groups: [], excluded: [] });
  await setProviderSwitchedOff("totp", false);
});

describe("enforcement at sign-in", () => {
  it("sends an enforced user without a factor to set-up, and only a set-up factor completes the sign-in", async () => {
    const user = await makeUser();
    await writePolicy({ enforced: true, groups: [], excluded: [] });
    const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
    expect(step).toMatchObject({ ok: true, data: { then: "setup" } });
    const challenge = step.ok ? step.data.challenge : "";
    expect(await redeemChallenge(challenge, META)).toBeNull();

    const login = (await pendingLogin(challenge))!;
    expect(await mustSetUpAtLogin(login)).toBe(true);
    const totp = (await providersForLoginSetup()).find((p) => p.id === "totp")!;
    const view = await totp.setup!.begin({ userId: user.id, login: user.login, meta: META });
    const secret = view.secret!.copyValue;
    expect(await finishLoginSetup(login, totp, "000000", META)).toMatchObject({ ok: false });
    expect(await finishLoginSetup(login, totp, await totpCode(secret), META)).toEqual({ ok: true });
    expect(await redeemChallenge(challenge, META)).not.toBeNull();
    expect(await loginRequirement(user.id)).toBe("challenge");
  });

  it("leaves excluded groups and non-listed users alone, and covers listed groups", async () => {
    const [staff, bot, guest] = [await makeUser(), await makeUser(), await makeUser()];
    const suffix = staff.login.slice(-6);
    await addGroup(`staff-${suffix}`, "test");
    await addGroup(`bots-${suffix}`, "test");
    await addToGroup(`staff-${suffix}`, staff.login, "test");
    await addToGroup(`bots-${suffix}`, bot.login, "test");
    await writePolicy({ enforced: true, groups: [], excluded: [`bots-${suffix}`] });
    expect(await loginRequirement(bot.id)).toBe("none");
    expect(await loginRequirement(guest.id)).toBe("setup");
    await writePolicy({ enforced: true, groups: [`staff-${suffix}`], excluded: [] });
    expect(await loginRequirement(staff.id)).toBe("setup");
    expect(await loginRequirement(guest.id)).toBe("none");
  });

  it("refuses a policy naming a group that does not exist, changing nothing", async () => {
    const before = await readPolicy();
    expect(await writePolicy({ enforced: true, groups: ["no-such-group"], excluded: [] })).toMatchObject({ ok: false });
    expect(await readPolicy()).toEqual(before);
  });

  it("offers no set-up for a provider the admin switched off", async () => {
    await setProviderSwitchedOff("totp", true);
    expect((await providersForLoginSetup()).map((p) => p.id)).not.toContain("totp");
  });

  it("does not count the admin code or backup codes as something to set up at login", async () => {
    const ids = (await providersForLoginSetup()).map((p) => p.id);
    expect(ids).toContain("totp");
    expect(ids).not.toContain("backup_codes");
    expect(ids).not.toContain("admin_code");
    expect(await db.user.count()).toBeGreaterThan(0);
  });
});
