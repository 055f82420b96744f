// Threat: the hot-path cache of token rows and groups on SQLite answers from a stale copy — a revoked token, a disabled account or a removed group member let in after the change was committed, by this process or another.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { hashSecret } from "@/lib/crypto/random";
import { readTokenRow } from "@/lib/db/token-row";
import { env } from "@/lib/env";
import { userGroupNames } from "@/lib/forward-auth/user-groups";
import { addGroup, addToGroup } from "@/lib/groups";
import { makeAppPassword, makeUser } from "@/test/support/factories";
import { unique } from "@/test/forward-auth/support";

const sqlite = env().databaseKind === "sqlite";

/** Another connection to the same file, as the CLI or a second process would write through. */
function otherProcess(): Database.Database {
  return new Database(env().databaseUrl.slice("file:".length), { timeout: 5000 });
}

describe.skipIf(!sqlite)("rows kept on the SQLite reader connection", () => {
  it("sees a commit by another connection on the very next read: deleted token, disabled user, removed group member", async () => {
    const user = await makeUser();
    const password = await makeAppPassword(user.id);
    const hash = hashSecret(password.secret);
    const group = `g-${unique()}`;
    await addGroup(group, "test");
    await addToGroup(group, user.login, "test");
    // Read twice: the second answer comes from the cache.
    expect((await readTokenRow(hash))?.user.disabled).toBe(false);
    expect(await readTokenRow(hash)).toBe(await readTokenRow(hash));
    const groupsWith = async () => userGroupNames(user.id, (await readTokenRow(hash))!);
    expect(await groupsWith()).toEqual([group]);
    expect(await groupsWith()).toBe(await groupsWith());

    const other = otherProcess();
    try {
      other.prepare(`UPDATE "User" SET "disabled" = 1 WHERE "id" = ?`).run(user.id);
      expect((await readTokenRow(hash))?.user.disabled).toBe(true);
      other.prepare(`DELETE FROM "GroupMember" WHERE "userId" = ?`).run(user.id);
      expect(await groupsWith()).toEqual([]);
      other.prepare(`DELETE FROM "AuthToken" WHERE "hash" = ?`).run(hash);
      expect(await readTokenRow(hash)).toBeNull();
    } finally {
      other.close();
    }
  });

  it("hands out rows that cannot be changed by whoever holds them (they are shared between requests)", async () => {
    const user = await makeUser();
    const password = await makeAppPassword(user.id);
    const row = (await readTokenRow(hashSecret(password.secret)))!;
    expect(() => Object.assign(row.user, { disabled: true })).toThrow(TypeError);
    expect(() => Object.assign(row, { scope: "full" })).toThrow(TypeError);
    const groups = (await userGroupNames(user.id)) as string[];
    expect(() => groups.push("admins")).toThrow(TypeError);
  });
});
