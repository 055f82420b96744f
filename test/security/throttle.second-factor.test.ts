// Threat: guessing a 6-digit code once the password is known — codes are throttled per address and per account, on their own counter.
import { describe, expect, it } from "vitest";
import { isThrottled, passwordAttempt, secondFactorAttempt } from "@/lib/auth/attempts";
import { failure } from "@/lib/errors";
import { makeSession, makeUser } from "@/test/support/factories";
import { client, fakeClock } from "@/test/support/security";

const wrongCode = async () => failure("invalid_input", "Wrong code.");
const rightCode = async () => ({ ok: true as const });

describe("second-factor attempts", () => {
  it("block an address after 10 wrong codes, and refuse even the right code while blocked", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    const meta = client();
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await secondFactorAttempt(user.id, meta, wrongCode, { clock });
      outcomes.push(isThrottled(r) ? "throttled" : "wrong");
      clock.advance(30_000);
    }
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(10);
    expect(isThrottled(await secondFactorAttempt(user.id, meta, rightCode, { clock }))).toBe(true);
  });

  it("slow a botnet down on the account after 20 wrong codes, but not the owner at a known address", async () => {
    const user = await makeUser();
    const home = client();
    await makeSession(user.id, { meta: home });
    const clock = fakeClock();
    for (let i = 0; i < 20; i++) await secondFactorAttempt(user.id, client(), wrongCode, { clock });
    const before = clock.slept;
    await secondFactorAttempt(user.id, client(), wrongCode, { clock });
    expect(clock.slept).toBeGreaterThan(before);

    const owner = clock.slept;
    expect(await secondFactorAttempt(user.id, home, rightCode, { clock })).toEqual({ ok: true });
    expect(clock.slept).toBe(owner);
  });

  it("keep their own counter: password failures do not slow down codes", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    for (let i = 0; i < 25; i++) await passwordAttempt("api_basic", user.login, client(), wrongCode, { clock });
    const before = clock.slept;
    expect(await secondFactorAttempt(user.id, client(), rightCode, { clock })).toEqual({ ok: true });
    expect(clock.slept).toBe(before);
  });
});
