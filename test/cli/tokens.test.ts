import { describe, expect, it } from "vitest";
import { resolveAppPassword } from "@/lib/auth/app-passwords";
import { resolveToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { cli } from "@/test/support/cli";
import { makeAppPassword, makeSession, makeUser } from "@/test/support/factories";

const oneLine = (stderr: string) => expect(stderr.trim().split("\n")).toHaveLength(1);

describe("gatehouse token:list / token:revoke", () => {
  it("lists a user's sessions and app passwords with id, type, name, last activity and IP", async () => {
    const user = await makeUser();
    await makeSession(user.id);
    const app = await makeAppPassword(user.id, { name: "Calendar sync", scope: "read_only" });
    const r = cli(["token:list", user.login]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const [header, ...rows] = r.stdout.trim().split("\n");
    expect(header).toMatch(/^ID\s+TYPE\s+NAME\s+LAST ACTIVITY\s+IP$/);
    expect(rows).toHaveLength(2);
    expect(r.stdout).toMatch(new RegExp(`^${app.id}\\s+app_password \\(read-only\\)\\s+Calendar sync\\s+\\d{4}-\\d\\d-\\d\\dT\\S+\\s+-$`, "m"));
    expect(r.stdout).toMatch(/^\d+\s+session\s+Firefox on Linux\s+\S+\s+203\.0\.113\.7$/m);
    const json = JSON.parse(cli(["token:list", user.login.toUpperCase(), "--json"]).stdout) as { id: number }[];
    expect(json.map((t) => t.id)).toContain(app.id);
  });

  it("revokes one token by id; it is refused at once", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const app = await makeAppPassword(user.id);
    const r = cli(["token:revoke", user.login, String(app.id)]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain(`Revoked app password ${app.id} of "${user.login}".`);
    expect(await resolveAppPassword(app.secret)).toBeNull();
    expect(await resolveToken(sid, "session")).not.toBeNull();
    const event = await db.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "token_revoked" } });
    expect(event.actor).toBe("cli");
  });

  it("refuses another user's token, unknown ids, bad ids and unknown users with one line and a non-zero exit", async () => {
    const alice = await makeUser();
    const bob = await makeUser();
    const app = await makeAppPassword(alice.id);
    for (const [args, reason] of [
      [["token:revoke", bob.login, String(app.id)], /has no token/],
      [["token:revoke", alice.login, "999999999"], /has no token/],
      [["token:revoke", alice.login, "abc"], /not a token id/],
      [["token:revoke", alice.login, "-5"], /Unknown option|not a token id/],
      [["token:revoke", "no-such-user", "1"], /No user "no-such-user"/],
      [["token:revoke", alice.login], /usage: gatehouse token:revoke/],
      [["token:list"], /usage: gatehouse token:list/],
      [["token:list", "no-such-user"], /No user/],
    ] as const) {
      const r = cli([...args]);
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(r.stderr).toMatch(reason);
      oneLine(r.stderr);
    }
    expect(await resolveAppPassword(app.secret)).not.toBeNull();
  });
});
