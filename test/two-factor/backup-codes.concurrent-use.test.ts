// Threat: a backup code used twice (e.g. two racing submissions) — each code works exactly once.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { regenerateCodes, remainingCodes, useCode } from "@/lib/providers/backup-codes/store";
import { formatCode } from "@/lib/providers/backup-codes/codes";
import { makeUser } from "@/test/support/factories";

describe("backup codes", () => {
  it("generates 10 distinct 50-bit codes and stores only salted hashes", async () => {
    const user = await makeUser();
    const codes = await regenerateCodes(user.id);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    const rows = await db.backupCode.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      expect(r.hash).toMatch(/^\$argon2id\$/);
      for (const c of codes) expect(r.hash).not.toContain(c);
    }
  });

  it("accepts a code once, in any case and with dashes or spaces", async () => {
    const user = await makeUser();
    const [code] = await regenerateCodes(user.id);
    expect(await useCode(user.id, ` ${formatCode(code!).toLowerCase()} `)).toBe(true);
    expect(await useCode(user.id, code!)).toBe(false);
    expect(await remainingCodes(user.id)).toBe(9);
  });

  it("lets exactly one of several concurrent uses of one code through", async () => {
    const user = await makeUser();
    const [code] = await regenerateCodes(user.id);
    const results = await Promise.all(Array.from({ length: 5 }, () => useCode(user.id, code!)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("voids the old set when regenerating", async () => {
    const user = await makeUser();
    const old = await regenerateCodes(user.id);
    await regenerateCodes(user.id);
    expect(await useCode(user.id, old[0]!)).toBe(false);
  });

  it("does not accept another user's code", async () => {
    const alice = await makeUser();
    const bob = await makeUser();
    const [code] = await regenerateCodes(alice.id);
    await regenerateCodes(bob.id);
    expect(await useCode(bob.id, code!)).toBe(false);
  });

  it.each(["", "x", "a".repeat(1_000_000), "ABCDE-FGHJ!", "\u0000".repeat(10)])("refuses malformed input %#", async (input) => {
    const user = await makeUser();
    await regenerateCodes(user.id);
    expect(await useCode(user.id, input)).toBe(false);
    expect(await remainingCodes(user.id)).toBe(10);
  });
});
