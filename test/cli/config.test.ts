import { afterAll, describe, expect, it } from "vitest";
import { tokenAuthEnforced } from "@/lib/config";
import { db } from "@/lib/db";
import { cli } from "@/test/support/cli";

afterAll(() => {
  cli(["config:set", "token_auth_enforced", "false"]);
});

describe("gatehouse config:get / config:set", () => {
  it("reads the default, sets token_auth_enforced, and the server's check sees it", async () => {
    expect(cli(["config:get", "token_auth_enforced"])).toMatchObject({ code: 0, stdout: "false\n", stderr: "" });
    expect(cli(["config:set", "token_auth_enforced", "true"])).toMatchObject({ code: 0, stdout: "token_auth_enforced = true\n" });
    expect(cli(["config:get", "token_auth_enforced"]).stdout).toBe("true\n");
    expect(await tokenAuthEnforced()).toBe(true);
    expect(cli(["config:set", "token_auth_enforced", "false"]).code).toBe(0);
    expect(await tokenAuthEnforced()).toBe(false);
  });

  it("writes each change to the security log with the CLI as actor", async () => {
    const since = (await db.securityEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    expect(cli(["config:set", "token_auth_enforced", "TRUE"]).code).toBe(0);
    expect(cli(["config:set", "token_auth_enforced", "maybe"]).code).toBe(1);
    expect(cli(["config:set", "token_auth_enforced", "false"]).code).toBe(0);
    const events = await db.securityEvent.findMany({ where: { id: { gt: since } }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.type, e.userId, JSON.parse(e.details!)])).toEqual([
      ["admin.config_changed", null, { setting: "token_auth_enforced", value: "true" }],
      ["admin.config_changed", null, { setting: "token_auth_enforced", value: "false" }],
    ]);
    for (const e of events) expect(e.actor).toMatch(/^cli:/);
  });

  it("refuses bad values and unknown keys with one line and a non-zero exit, changing nothing", () => {
    for (const [args, reason] of [
      [["config:set", "token_auth_enforced", "maybe"], /must be true or false/],
      [["config:set", "token_auth_enforced", ""], /must be true or false/],
      [["config:set", "no_such_key", "true"], /Unknown setting "no_such_key"/],
      [["config:set", "setup_completed_at", "x"], /Unknown setting/],
      [["config:get", "no_such_key"], /Unknown setting/],
      [["config:get"], /usage: gatehouse config:get/],
      [["config:set", "token_auth_enforced"], /usage: gatehouse config:set/],
    ] as const) {
      const r = cli([...args]);
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(cli(["config:get", "token_auth_enforced"]).stdout).toBe("false\n");
  });
});
