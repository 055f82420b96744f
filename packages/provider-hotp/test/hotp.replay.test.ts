// Threat: a code typed by a hardware key is seen (shoulder, keylogger, phishing page) and replayed — alone or racing the real sign-in — or a far-ahead code is guessed.
import { describe, expect, it } from "vitest";
import { startChallenge } from "@/lib/auth/challenge";
import { db } from "@/lib/db";
import { offeredProviders, pendingLogin, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { META, makeUser } from "@/test/support/factories";
import hotpProvider from "../src";
import { hotp, LOOK_AHEAD } from "../src/hotp";

const SECRET = Buffer.from("3132333435363738393031323334353637383930", "hex"); // RFC 4226's key
const code = (counter: number) => hotp(SECRET, counter, 6);
const ctx = (userId: string) => ({ userId, login: "user", meta: META });

async function enrolled(): Promise<string> {
  const user = await makeUser();
  const result = await hotpProvider.setup!.finish(ctx(user.id), await code(0), { secret: SECRET.toString("hex") });
  expect(result).toEqual({ ok: true });
  return user.id;
}

describe("HOTP replay", () => {
  it("accepts each code once, in order, and never an earlier one again", async () => {
    const userId = await enrolled();
    expect(await hotpProvider.verify(ctx(userId), await code(0))).toMatchObject({ ok: false }); // the enrolment code
    expect(await hotpProvider.verify(ctx(userId), await code(1))).toEqual({ ok: true });
    expect(await hotpProvider.verify(ctx(userId), await code(1))).toMatchObject({ ok: false });
    expect(await hotpProvider.verify(ctx(userId), await code(3))).toEqual({ ok: true }); // a press skipped
    expect(await hotpProvider.verify(ctx(userId), await code(2))).toMatchObject({ ok: false });
  });

  it("lets exactly one of many concurrent submissions of one code through", async () => {
    const userId = await enrolled();
    const c = await code(2);
    const results = await Promise.all(Array.from({ length: 8 }, () => hotpProvider.verify(ctx(userId), c)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const row = await db.providerCredential.findUniqueOrThrow({ where: { userId_providerId: { userId, providerId: "hotp" } } });
    expect(row.counter).toBe(3);
  });

  it(`refuses a single code beyond the look-ahead window of ${LOOK_AHEAD}, and accepts two consecutive ones (resynchronisation)`, async () => {
    const userId = await enrolled();
    const far = await code(40);
    const result = await hotpProvider.verify(ctx(userId), far);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/two codes|both codes/);
    expect(await hotpProvider.verify(ctx(userId), `${await code(40)} ${await code(41)}`)).toEqual({ ok: true });
    expect(await hotpProvider.verify(ctx(userId), await code(41))).toMatchObject({ ok: false });
    expect(await hotpProvider.verify(ctx(userId), await code(42))).toEqual({ ok: true });
  });

  it("refuses malformed input and another user's codes without error", async () => {
    const userId = await enrolled();
    const other = (await makeUser()).id;
    for (const input of ["", "abcdef", "1".repeat(100_000), `${"9".repeat(6)} ${"9".repeat(6)}`]) {
      expect((await hotpProvider.verify(ctx(userId), input)).ok).toBe(false);
    }
    expect((await hotpProvider.verify(ctx(other), await code(1))).ok).toBe(false);
  });

  it("signs in through the core, which counts a failed guess against the challenge", async () => {
    const userId = await enrolled();
    expect(await loginRequirement(userId)).toBe("challenge");
    const secret = await startChallenge({ userId, remember: false, meta: META, verified: false });
    const login = (await pendingLogin(secret))!;
    expect(offeredProviders(login).map((p) => p.id)).toContain("hotp");
    expect(await solveChallenge(login, "hotp", "000000", META)).toMatchObject({ ok: false, reason: "wrong" });
    expect(await solveChallenge(login, "hotp", await code(1), META)).toMatchObject({ ok: true });
  });
});
