// Threat: a sign-in replayed or raced — a verified challenge yields exactly one session.
import { describe, expect, it } from "vitest";
import { redeemChallenge, startChallenge } from "@/lib/auth/challenge";
import { db } from "@/lib/db";
import { META, makeUser } from "@/test/support/factories";

describe("login challenge hand-off", () => {
  it("redeems a verified challenge once, even when raced", async () => {
    const user = await makeUser();
    const challenge = await startChallenge({ userId: user.id, remember: false, meta: META, verified: true });
    const results = await Promise.all(Array.from({ length: 5 }, () => redeemChallenge(challenge, META)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(1);
  });

  it("never redeems an unverified challenge (no session between password and second factor)", async () => {
    const user = await makeUser();
    const challenge = await startChallenge({ userId: user.id, remember: false, meta: META, verified: false });
    expect(await redeemChallenge(challenge, META)).toBeNull();
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses forged and oversized challenge ids", async () => {
    expect(await redeemChallenge("forged", META)).toBeNull();
    expect(await redeemChallenge("x".repeat(100_000), META)).toBeNull();
  });

  it("records the sign-in time on the account", async () => {
    const user = await makeUser();
    const challenge = await startChallenge({ userId: user.id, remember: true, meta: META, verified: true });
    await redeemChallenge(challenge, META);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lastLoginAt).not.toBeNull();
  });
});
