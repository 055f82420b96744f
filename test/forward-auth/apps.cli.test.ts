// Threat: protected apps changed from the CLI without a trace, or a typo in an allow list silently letting the wrong people in.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { addGroup } from "@/lib/groups";
import { cli } from "@/test/support/cli";
import { makeUser } from "@/test/support/factories";

const unique = () => randomBytes(4).toString("hex");

describe("gatehouse app:add / app:list / app:remove", () => {
  it("adds an app with its allow list, lists it, removes it, each change in the security log with the CLI as actor", async () => {
    const name = `cal-${unique()}`;
    const group = `family-${unique()}`;
    await addGroup(group, "test");
    const user = await makeUser();
    const since = (await db.securityEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const added = cli([
      "app:add",
      name,
      "--url",
      `https://${name}.gatehouse.test/dav/`,
      "--allow-group",
      group,
      "--allow-user",
      user.login,
      "--clients",
      "read_only",
    ]);
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toContain(`https://${name}.gatehouse.test/dav`);
    const row = await db.protectedApp.findUniqueOrThrow({ where: { name } });
    expect(row).toMatchObject({ origin: `https://${name}.gatehouse.test`, pathPrefix: "/dav", clients: "read_only", public: false });
    expect(JSON.parse(row.allowGroups)).toEqual([group]);
    expect(JSON.parse(row.allowUsers)).toEqual([user.login.toLowerCase()]);

    const listed = cli(["app:list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${name}\\s+https://${name}\\.gatehouse\\.test/dav\\s+group ${group}, user ${user.login}\\s+read_only`));

    expect(cli(["app:remove", name])).toMatchObject({ code: 0, stdout: `App "${name}" removed.\n` });
    expect(await db.protectedApp.count({ where: { name } })).toBe(0);
    const events = await db.securityEvent.findMany({ where: { id: { gt: since }, type: "admin.app_changed" }, orderBy: { id: "asc" } });
    expect(events.map((e) => JSON.parse(e.details!).change)).toEqual(["added", "removed"]);
    for (const e of events) expect(e.actor).toMatch(/^cli:/);
  });

  it("refuses unknown groups and users, bad URLs, bad client modes, duplicates, and a public app with an allow list", async () => {
    const name = `wiki-${unique()}`;
    expect(cli(["app:add", name, "--url", `https://${name}.gatehouse.test`, "--public"]).code).toBe(0);
    for (const [args, reason] of [
      [["app:add", `x-${unique()}`, "--url", "https://x.gatehouse.test", "--allow-group", "no-such-group"], /Group "no-such-group" not found/],
      [["app:add", `x-${unique()}`, "--url", "https://x.gatehouse.test", "--allow-user", "nobody-here"], /User "nobody-here" not found/],
      [["app:add", `x-${unique()}`, "--url", "ftp://x.gatehouse.test"], /http:\/\/ or https:\/\//],
      [["app:add", `x-${unique()}`, "--url", "https://user:pw@x.gatehouse.test"], /user name or password/],
      [["app:add", `x-${unique()}`, "--url", "https://x.gatehouse.test/?a=1"], /query/],
      [["app:add", `x-${unique()}`, "--url", "not a url"], /not a URL/],
      [["app:add", `x-${unique()}`, "--url", "https://x.gatehouse.test", "--clients", "some"], /full, read_only or none/],
      [["app:add", name, "--url", "https://other.gatehouse.test"], /already exists/],
      [["app:add", `x-${unique()}`, "--url", `https://${name}.gatehouse.test/`], /already exists/],
      [["app:add", `x-${unique()}`], /--url is required/],
      [["app:add", "bad name!", "--url", "https://x.gatehouse.test"], /App names may contain/],
      [["app:remove", "no-such-app"], /App "no-such-app" not found/],
    ] as const) {
      const r = cli([...args]);
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(r.stderr, args.join(" ")).toMatch(reason);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(cli(["app:remove", name]).code).toBe(0);
  });
});
