import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { writePolicy } from "@/lib/two-factor/enforcement";
import { cli } from "@/test/support/cli";
import { enrolTotp, makeUser } from "@/test/support/factories";

afterAll(async () => {
  await writePolicy({ enforced: false, groups: [], excluded: [] });
});

describe("gatehouse group:* and twofactorauth:enforce", () => {
  it("manages groups with clear refusals", async () => {
    const user = await makeUser();
    const g = `team-${randomBytes(3).toString("hex")}`;
    expect(cli(["group:add", g])).toMatchObject({ code: 0, stdout: `Group "${g}" created.\n` });
    expect(cli(["group:add", g]).stderr).toMatch(/already exists/);
    expect(cli(["group:adduser", g, user.login])).toMatchObject({ code: 0 });
    expect(cli(["group:list"]).stdout).toMatch(new RegExp(`^${g}\\s+1$`, "m"));
    expect(cli(["group:adduser", "no-such-group", user.login])).toMatchObject({ code: 1, stderr: 'Error: Group "no-such-group" not found.\n' });
    expect(cli(["group:adduser", g, "no-such-user"])).toMatchObject({ code: 1, stderr: 'Error: User "no-such-user" not found.\n' });
    expect(cli(["group:removeuser", g, user.login])).toMatchObject({ code: 0 });
    expect(cli(["group:removeuser", g, user.login]).code).toBe(1);
    expect(cli(["group:delete", g])).toMatchObject({ code: 0, stdout: `Group "${g}" deleted.\n` });
    expect(cli(["group:delete", g])).toMatchObject({ code: 1, stderr: `Error: Group "${g}" not found.\n` });
  });

  it("writes every group change to the security log with the CLI as actor", async () => {
    const user = await makeUser();
    const g = `logged-${randomBytes(3).toString("hex")}`;
    const since = (await db.securityEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    for (const args of [
      ["group:add", g],
      ["group:adduser", g, user.login],
      ["group:adduser", g, user.login],
      ["group:removeuser", g, user.login],
      ["group:delete", g],
    ]) {
      expect(cli(args).code, args.join(" ")).toBe(0);
    }
    const events = await db.securityEvent.findMany({ where: { id: { gt: since }, type: "admin.group_changed" }, orderBy: { id: "asc" } });
    // Adding a member twice changes nothing the second time, and logs nothing.
    expect(events.map((e) => [e.userId, JSON.parse(e.details!).change])).toEqual([
      [null, "created"],
      [user.id, "member_added"],
      [user.id, "member_removed"],
      [null, "deleted"],
    ]);
    for (const e of events) expect(e.actor).toMatch(/^cli:/);
  });

  it("refuses to delete a group the enforcement policy names, changing nothing", async () => {
    const g = `policy-${randomBytes(3).toString("hex")}`;
    expect(cli(["group:add", g]).code).toBe(0);
    expect(cli(["twofactorauth:enforce", "--on", "--group", g]).code).toBe(0);
    expect(cli(["group:delete", g])).toMatchObject({
      code: 1,
      stderr: `Error: Group "${g}" is named in the two-factor enforcement policy. Change the policy first.\n`,
    });
    expect(cli(["group:list"]).stdout).toContain(g);
    expect(cli(["twofactorauth:enforce", "--off"]).code).toBe(0);
    expect(cli(["group:delete", g]).code).toBe(0);
  });

  it("prints the policy and how many users it affects, refusing unknown groups", async () => {
    const withFactor = await makeUser();
    await enrolTotp(withFactor.id);
    const on = cli(["twofactorauth:enforce", "--on"]);
    expect(on.code).toBe(0);
    expect(on.stdout).toContain("Two-factor authentication is enforced for everyone.");
    const [, affected, without] = /(\d+) user\(s\) affected, (\d+) of them without/.exec(on.stdout)!.map(Number);
    expect(affected).toBeGreaterThan(without!);
    const bad = cli(["twofactorauth:enforce", "--on", "--group", "nope"]);
    expect(bad).toMatchObject({ code: 1, stderr: 'Error: Group "nope" does not exist.\n' });
    expect(cli(["twofactorauth:enforce"]).stdout).toContain("enforced for everyone");
    expect(cli(["twofactorauth:enforce", "--off"]).stdout).toContain("not enforced");
  });

  it("generates a one-time admin code and switches providers instance-wide", async () => {
    const user = await makeUser();
    const r = cli(["twofactorauth:admin:generate-code", user.login]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`One-time code for ${user.login}: \\d{8}`));
    expect(cli(["twofactorauth:admin:generate-code", "nobody-here"]).code).toBe(1);
    expect(cli(["twofactorauth:admin:generate-code", user.login, "--hours", "x"]).stderr).toMatch(/--hours/);
    expect(cli(["twofactorauth:provider", "totp", "--off"]).stdout).toMatch(/^totp\s+Authenticator app\s+factor\s+off$/m);
    expect(cli(["twofactorauth:provider", "totp", "--on"]).stdout).toMatch(/^totp\s+Authenticator app\s+factor\s+on$/m);
    expect(cli(["twofactorauth:provider", "nope", "--on"]).code).toBe(1);
  });
});
