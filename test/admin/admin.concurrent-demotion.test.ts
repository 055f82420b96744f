// Threat: two admins demoting or disabling each other at the same moment, leaving the instance with no active admin.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { setAdmin, setDisabled } from "@/lib/admin/accounts";
import { db } from "@/lib/db";
import { makeUser } from "@/test/support/factories";

const ROUNDS = 12;

/** Exactly two active admins, nobody else. */
async function twoAdmins() {
  await db.user.updateMany({ where: { isAdmin: true }, data: { isAdmin: false } });
  const [a, b] = [await makeUser({ isAdmin: true }), await makeUser({ isAdmin: true })];
  return [await db.user.findUniqueOrThrow({ where: { id: a.id } }), await db.user.findUniqueOrThrow({ where: { id: b.id } })] as const;
}

const activeAdmins = () => db.user.count({ where: { isAdmin: true, disabled: false } });

type Target = Awaited<ReturnType<typeof twoAdmins>>[number];
const REMOVALS: Record<string, (t: Target, by: Target) => Promise<{ ok: boolean }>> = {
  demote: (t, by) => setAdmin(t, false, by.login),
  disable: (t, by) => setDisabled(t, true, by.login),
};

/** test/support/remove-admin.ts in its own process: resolves `ready` once loaded, removes the admin on `go()`. */
function otherInstance(op: "demote" | "disable", userId: string, actor: string) {
  const root = path.resolve(__dirname, "../..");
  const child = spawn(
    process.execPath,
    ["--no-warnings", "--import", path.join(root, "bin/register.mjs"), path.join(root, "test/support/remove-admin.ts"), op, userId, actor],
    {
      env: { ...process.env, GATEHOUSE_DATA_DIR: inject("dataDir"), DATABASE_URL: inject("databaseUrl"), NODE_ENV: "test" },
    },
  );
  let out = "";
  let err = "";
  const lines = new Promise<string[]>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("utf8");
      child.emit("progress");
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out.trim().split("\n")) : reject(new Error(`instance exited ${code}: ${err.slice(0, 500)}`))));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.on("progress", () => out.startsWith("ready\n") && resolve());
    lines.catch(reject);
  });
  return {
    ready,
    go: () => child.stdin.write("go\n"),
    result: lines.then((l) => JSON.parse(l.at(-1)!) as { ok: boolean }),
  };
}

describe("two admins removing each other at once", () => {
  it.each([
    ["demote", "demote"],
    ["disable", "disable"],
    ["demote", "disable"],
  ] as const)("%s vs %s: one wins, the other is refused, one active admin is left — every time", async (first, second) => {
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = await twoAdmins();
      // Both requests read "another admin exists" before either writes, as two browsers would.
      const results = await Promise.all([REMOVALS[first]!(b, a), REMOVALS[second]!(a, b)]);
      expect(results.map((r) => r.ok).sort(), `round ${round}`).toEqual([false, true]);
      expect(await activeAdmins(), `round ${round}`).toBe(1);
    }
  });

  it("across two server processes on one database too (each its own connection), started at the same signal", async () => {
    for (let round = 0; round < 2; round++) {
      const [a, b] = await twoAdmins();
      const instances = [otherInstance("demote", b.id, a.login), otherInstance(round % 2 ? "disable" : "demote", a.id, b.login)];
      await Promise.all(instances.map((i) => i.ready));
      for (const i of instances) i.go();
      const results = await Promise.all(instances.map((i) => i.result));
      expect(results.map((r) => r.ok).sort(), `round ${round}`).toEqual([false, true]);
      expect(await activeAdmins(), `round ${round}`).toBe(1);
    }
  }, 120_000);

  it("still lets one admin remove another while a third remains, all at once", async () => {
    const [a, b] = await twoAdmins();
    const c = await db.user.findUniqueOrThrow({ where: { id: (await makeUser({ isAdmin: true })).id } });
    const results = await Promise.all([setAdmin(a, false, c.login), setDisabled(b, true, c.login), setAdmin(c, false, a.login)]);
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(await activeAdmins()).toBe(1);
  });

  it("changes nothing for the refused side: no half-written log entry, sessions kept", async () => {
    const [a, b] = await twoAdmins();
    expect(await setAdmin(a, false, b.login)).toEqual({ ok: true });
    const before = await db.securityEvent.count({ where: { userId: b.id } });
    expect(await setDisabled(b, true, a.login)).toMatchObject({ ok: false, error: "forbidden" });
    expect(await setAdmin(b, false, a.login)).toMatchObject({ ok: false, error: "forbidden" });
    expect(await db.securityEvent.count({ where: { userId: b.id } })).toBe(before);
    expect(await db.user.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ isAdmin: true, disabled: false });
  });
});
