// Threat: two admins demoting or disabling each other at the same moment, leaving the instance with no active admin.
import { describe, expect, it } from "vitest";
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
