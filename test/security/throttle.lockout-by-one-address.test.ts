// Threat: one polling script keeps an account's counter high, so its owner is slowed down or shut out at every new address.
import { describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { HOUR, MINUTE } from "@/lib/auth/policy";
import { throttlePolicy } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { makeUser } from "@/test/support/factories";
import { client, fakeClock, noSecondFactor, randomIPv6, retryAfterOf } from "@/test/support/security";

type Clock = ReturnType<typeof fakeClock>;
type Meta = ReturnType<typeof client>;
const checked = (userId: string) => db.securityEvent.count({ where: { userId, type: "sign_in.failed" } });
const throttled = (r: { ok: boolean }) => retryAfterOf(r) !== null;
// IPv6 (2^32 /64s): these runs leave counters dated days ahead on the fake clock, which must not meet another file's random IPv4.
const stranger = () => client(randomIPv6());

/** How the script paces itself after each answer, and how many guesses it sends. */
const paces: [string, (result: { ok: boolean }, clock: Clock) => void, number][] = [
  ["1,000, back to back", () => {}, 1000],
  ["1,000, one a minute", (_r, clock) => clock.advance(MINUTE), 1000],
  ["1,000, waiting out every Retry-After", (r, clock) => clock.advance(throttled(r) ? retryAfterOf(r)! * 1000 : 100), 1000],
  ["one every 15 minutes for a day", (_r, clock) => clock.advance(15 * MINUTE), 96],
];

/** The script's guesses, paced between them; the last one has just been answered when this returns. */
async function guess(login: string, from: Meta, times: number, clock: Clock, pace: (r: { ok: boolean }, c: Clock) => void) {
  for (let i = 0; i < times; i++) {
    const result = await passwordStep({ login, password: `guess ${i}` }, from, noSecondFactor, { clock });
    if (i < times - 1) pace(result, clock);
  }
}

describe("failures from one address on one account", () => {
  it.each(paces)(
    "wrong passwords from one address (%s) leave the owner at a new address with no wait at all",
    async (_name, pace, times) => {
      const user = await makeUser();
      const clock = fakeClock();
      await guess(user.login, client(randomIPv6()), times, clock, pace);

      const slept = clock.slept;
      const owner = await passwordStep({ login: user.login, password: user.password }, stranger(), noSecondFactor, { clock });
      expect(owner).toMatchObject({ ok: true });
      expect(clock.slept - slept).toBe(0); // a fresh account's delay: none
    },
    120_000,
  );

  it("lets one address check at most half of the account's ceiling (50) in a window, however patient", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    const start = clock.now();
    const attacker = client(randomIPv6());
    let refusedForHours = false;
    while (clock.now() - start < 12 * HOUR) {
      const result = await passwordStep({ login: user.login, password: "guess" }, attacker, noSecondFactor, { clock });
      if (throttled(result)) refusedForHours ||= retryAfterOf(result)! * 1000 > HOUR;
      clock.advance(throttled(result) ? Math.min(retryAfterOf(result)! * 1000, HOUR) : 100);
    }
    expect(await checked(user.id)).toBe(throttlePolicy().accountMaxFailures / 2);
    expect(refusedForHours).toBe(true);
  }, 120_000);

  it("still stops the distributed attack: two such addresses together close the account to strangers (NIST's 100)", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    // Each address goes on, waiting out every short Retry-After, until it is told to come back in hours.
    for (const attacker of [client(randomIPv6()), client(randomIPv6())]) {
      for (let i = 0, done = false; !done; i++) {
        const result = await passwordStep({ login: user.login, password: `guess ${i}` }, attacker, noSecondFactor, { clock });
        const wait = throttled(result) ? retryAfterOf(result)! * 1000 : 100;
        done = wait > HOUR;
        if (!done) clock.advance(wait);
      }
    }
    expect(await checked(user.id)).toBe(throttlePolicy().accountMaxFailures);
    const newcomer = await passwordStep({ login: user.login, password: user.password }, stranger(), noSecondFactor, { clock });
    expect(newcomer).toMatchObject({ ok: false, error: "too_many_requests" });
    expect(retryAfterOf(newcomer)! * 1000).toBeGreaterThan(HOUR);
  }, 120_000);
});
