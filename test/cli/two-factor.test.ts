import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { secondFactorRequired } from "@/lib/two-factor/provider-set";
import { regenerateCodes } from "@/lib/providers/backup-codes/store";
import { cli } from "@/test/support/cli";
import { enrolTotp, makeUser } from "@/test/support/factories";

describe("gatehouse twofactorauth:*", () => {
  it("shows the state of each provider", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    const r = cli(["twofactorauth:state", user.login]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Two-factor authentication is enabled for user ${user.login}.`);
    expect(r.stdout).toMatch(/^totp\s+Authenticator app\s+factor\s+enabled$/m);
    expect(r.stdout).toMatch(/^backup_codes\s+Backup code\s+recovery\s+disabled$/m);
  });

  it("disables one provider, or all with the twofactor:disable alias", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    await regenerateCodes(user.id);
    expect(cli(["twofactorauth:disable", user.login, "backup_codes"])).toMatchObject({
      code: 0,
      stdout: `Provider backup_codes disabled for user ${user.login}.\n`,
    });
    expect(await secondFactorRequired(user.id)).toBe(true);
    expect(cli(["twofactor:disable", user.login])).toMatchObject({ code: 0, stdout: `Two-factor authentication disabled for user ${user.login}\n` });
    expect(await secondFactorRequired(user.id)).toBe(false);
  });

  it("refuses to enable providers that need the user, naming why", async () => {
    const user = await makeUser();
    const r = cli(["twofactorauth:enable", user.login, "totp"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/needs the user to set it up/);
    const all = cli(["twofactorauth:enable", user.login]);
    expect(all.code).not.toBe(0);
    expect(all.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses unknown users and providers with one line", async () => {
    const user = await makeUser();
    for (const args of [["twofactorauth:state", "nobody-at-all"], ["twofactorauth:disable", user.login, "nope"], ["twofactorauth:state"]]) {
      const r = cli(args);
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("cleans up a provider's data for all users", async () => {
    const user = await makeUser();
    await regenerateCodes(user.id);
    const r = cli(["twofactorauth:cleanup", "backup_codes"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Removed provider backup_codes for \d+ user\(s\)/);
  });

  it("reports exactly the users and items it removed (it used to delete the states twice and report 0 users)", async () => {
    expect(cli(["twofactorauth:cleanup", "backup_codes"]).code).toBe(0); // a clean slate: the database is shared by the run
    const [a, b] = [await makeUser(), await makeUser()];
    await regenerateCodes(a.id);
    await regenerateCodes(b.id);
    const r = cli(["twofactorauth:cleanup", "backup_codes"]);
    expect(r.stdout.trim()).toBe("Removed provider backup_codes for 2 user(s) and 20 stored item(s).");
    expect(await db.twoFactorProviderState.count({ where: { providerId: "backup_codes" } })).toBe(0);
    expect(await db.backupCode.count({ where: { userId: { in: [a.id, b.id] } } })).toBe(0);
  });
});
