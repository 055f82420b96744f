import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { findUserByLogin } from "@/lib/users";
import { cli } from "@/test/support/cli";

describe("gatehouse user:add / user:list", () => {
  it("creates an admin with the password from stdin, and lists it", async () => {
    const login = `cli-${randomBytes(4).toString("hex")}`;
    const add = cli(["user:add", login, "--admin", "--password-stdin", "--display-name", "CLI Person"], "a long enough password\n");
    expect(add).toMatchObject({ code: 0, stderr: "" });
    expect(add.stdout).toContain(`User "${login}" created as an administrator.`);
    const user = await findUserByLogin(login);
    expect(user).toMatchObject({ isAdmin: true, displayName: "CLI Person" });
    const list = cli(["user:list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${login}\\s+CLI Person\\s+yes`, "m"));
  });

  it("refuses a duplicate, a bad login, a short or common password with one line and a non-zero exit", () => {
    const login = `dup-${randomBytes(4).toString("hex")}`;
    expect(cli(["user:add", login, "--password-stdin"], "a long enough password").code).toBe(0);
    for (const [args, input, reason] of [
      [["user:add", login, "--password-stdin"], "a long enough password", /already taken/],
      [["user:add", "bad name!", "--password-stdin"], "a long enough password", /not a valid login/],
      [["user:add", `x${login}`, "--password-stdin"], "short", /at least 10/],
      [["user:add", `y${login}`, "--password-stdin"], "Password2024!", /too common/],
      [["user:add"], "", /usage: gatehouse user:add/],
      [["user:add", login, "--bogus"], "", /Unknown option/],
    ] as const) {
      const r = cli([...args], input);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("asks for the password on a terminal only, and says so otherwise", () => {
    const r = cli(["user:add", `tty-${randomBytes(4).toString("hex")}`]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/run interactively/);
  });

  it("prints help and refuses unknown commands", () => {
    expect(cli(["--help"]).stdout).toContain("user:add");
    const r = cli(["no:such"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Unknown command/);
  });
});
