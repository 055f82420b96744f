// Threat: a botnet guessing one account's password from many addresses, each staying under its per-address limit.
import { describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { HOUR, MINUTE } from "@/lib/auth/policy";
import { accountWait, addressWait, throttlePolicy } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { makeSession, makeUser } from "@/test/support/factories";
import { client, fakeClock, noSecondFactor, randomIPv4, randomIPv6, retryAfterOf } from "@/test/support/security";

const checked = (userId: string) => db.securityEvent.count({ where: { userId, type: "sign_in.failed" } });
/**
 * A new address, from IPv6 (2^32 /64s here), never one seen before: the IPv4
 * test range holds 131,072, shared with every earlier test file, and the 24-hour
 * test below alone leaves about a hundred with counters hours ahead of the
 * clock. A test that drew one of those again waits out hours (its account's
 * counters lapse) or is refused where a stranger is let in; the lock-out test
 * failed so in one full run, on both databases.
 */
const stranger = () => client(randomIPv6());

describe("guessing one account from many addresses", () => {
  it("meets backoff within the first 100 failures (NIST SP 800-63B 5.2.2), though no address fails twice", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    let firstBackoff = 0;
    for (let attempt = 1; attempt <= 100 && !firstBackoff; attempt++) {
      const slept = clock.slept;
      const address = attempt % 2 ? randomIPv4() : randomIPv6();
      const result = await passwordStep({ login: user.login, password: `guess ${attempt}` }, client(address), noSecondFactor, { clock });
      if (clock.slept > slept || (!result.ok && result.error === "too_many_requests")) firstBackoff = attempt;
      clock.advance(10); // a hundred guesses a second
    }
    expect(firstBackoff).toBeGreaterThan(0);
    expect(firstBackoff).toBeLessThanOrEqual(100);
    expect(firstBackoff).toBe(throttlePolicy().accountFailures + 1);
  });

  it("allows at most 100 checked passwords in a day, however many addresses try", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    const start = clock.now();
    for (let i = 0; clock.now() - start < 24 * HOUR; i++) {
      const result = await passwordStep({ login: user.login, password: `guess ${i}` }, stranger(), noSecondFactor, { clock });
      // A botnet never has to wait for an address; it waits only for the account.
      clock.advance(!result.ok && result.error === "too_many_requests" ? retryAfterOf(result)! * 1000 : 100);
    }
    expect(await checked(user.id)).toBe(100);
  }, 120_000);

  it("lets a parallel burst from many addresses through only one at a time once the account's backoff applies", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    const { accountFailures } = throttlePolicy();
    for (let i = 0; i < accountFailures; i++) await passwordStep({ login: user.login, password: `warm-up ${i}` }, stranger(), noSecondFactor, { clock });
    clock.advance(HOUR / 2);
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => passwordStep({ login: user.login, password: `burst ${i}` }, stranger(), noSecondFactor, { clock })),
    );
    const wrong = burst.filter((r) => !r.ok && r.error === "invalid_credentials");
    // One attempt per opening. A request that reads the counter after the first one
    // closed it may wait out the (short) delay and take the next opening — on this
    // shared fake clock every served sleep moves time for the whole burst (real
    // sleeps overlap), so each can open one more: never more checked passwords than
    // openings, and never many.
    expect(wrong.length).toBeGreaterThanOrEqual(1);
    expect(wrong.length).toBeLessThanOrEqual(1 + clock.sleeps);
    expect(wrong.length).toBeLessThanOrEqual(5);
    expect(await checked(user.id)).toBe(accountFailures + wrong.length);
  });

  it("does not lock the owner out: a known address skips the account's wait, a new one waits at most 15 minutes", async () => {
    const user = await makeUser();
    const home = stranger();
    await makeSession(user.id, { meta: home });
    const clock = fakeClock();
    for (let failures = 0, i = 0; failures < 40; i++) {
      const result = await passwordStep({ login: user.login, password: `guess ${i}` }, stranger(), noSecondFactor, { clock });
      if (!result.ok && result.error === "too_many_requests") clock.advance(retryAfterOf(result)! * 1000);
      else failures++;
    }
    const travelling = await passwordStep({ login: user.login, password: user.password }, stranger(), noSecondFactor, { clock });
    expect(travelling).toMatchObject({ ok: false, error: "too_many_requests" });
    expect(retryAfterOf(travelling)).toBeLessThanOrEqual(15 * 60);

    expect(await passwordStep({ login: user.login, password: user.password }, home, noSecondFactor, { clock })).toMatchObject({ ok: true });
    // The owner's success resets the account: the traveller gets in at once too.
    expect(await passwordStep({ login: user.login, password: user.password }, stranger(), noSecondFactor, { clock })).toMatchObject({ ok: true });
  });

  it("has the documented schedule: 0.1 s × 2^n per address, then a block; the account only after 20 failures", () => {
    const p = throttlePolicy();
    expect([1, 2, 5, 8, 9].map((n) => addressWait(n, p))).toEqual([200, 400, 3_200, 25_000, 25_000]);
    expect(addressWait(10, p)).toBe(15 * MINUTE);
    expect([19, 20, 24].map((n) => accountWait(n, p))).toEqual([0, 200, 3_200]);
    expect(accountWait(60, p)).toBe(15 * MINUTE);
    expect(accountWait(100, p)).toBe(12 * HOUR);
  });
});
