// Threat: an attacker's guesses lock the account, and with it the owner's own browser; or a stolen or forged device cookie buys unlimited guesses.
import { describe, expect, it } from "vitest";
import { deviceIdFor, newDeviceCookie } from "@/lib/auth/device-cookie";
import { passwordStep } from "@/lib/auth/login";
import { HOUR } from "@/lib/auth/policy";
import { throttlePolicy } from "@/lib/auth/throttle";
import { makeUser } from "@/test/support/factories";
import { client, fakeClock, noSecondFactor, randomIPv6, retryAfterOf } from "@/test/support/security";

type Clock = ReturnType<typeof fakeClock>;
type User = Awaited<ReturnType<typeof makeUser>>;
const throttled = (r: { ok: boolean }) => retryAfterOf(r) !== null;
// IPv6 (2^32 /64s): these runs leave counters dated days ahead on the fake clock, which must not meet another file's random IPv4.
const stranger = () => client(randomIPv6());

const step = (user: User, password: string, from: ReturnType<typeof client>, clock: Clock, deviceCookie?: string) =>
  passwordStep({ login: user.login, password }, from, noSecondFactor, { clock, deviceCookie });

/** One address guessing until it is blocked, then a botnet until the account is closed to strangers. */
async function lockAccount(user: User, clock: Clock, attacker = client(randomIPv6())) {
  for (let i = 0; i < 30; i++) await step(user, `poll ${i}`, attacker, clock);
  expect(await step(user, user.password, attacker, clock)).toMatchObject({ ok: false, error: "too_many_requests" });
  for (let i = 0, closed = false; !closed; i++) {
    const r = await step(user, `botnet ${i}`, stranger(), clock);
    closed = throttled(r) && retryAfterOf(r)! * 1000 > HOUR;
    if (!closed) clock.advance(throttled(r) ? retryAfterOf(r)! * 1000 : 100);
  }
  // The account is closed to strangers now: even the right password from a new address is refused.
  expect(await step(user, user.password, stranger(), clock)).toMatchObject({ ok: false, error: "too_many_requests" });
  return attacker;
}

describe("device cookies", () => {
  it("let the owner's known browser in at once while the account is locked — from a new address, and from the attacker's own", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    const cookie = newDeviceCookie(user.login)!; // issued when she signed in here before
    const attacker = await lockAccount(user, clock);

    for (const from of [stranger(), attacker]) {
      const slept = clock.slept;
      expect(await step(user, user.password, from, clock, cookie)).toMatchObject({ ok: true });
      expect(clock.slept - slept).toBe(0);
    }
  }, 180_000);

  it("keep their own budget: a cookie that fails 10 times is locked out of it, and then counts as a stranger", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    const stolen = newDeviceCookie(user.login)!;
    await lockAccount(user, clock);

    let checked = 0;
    for (let i = 0; i < 100; i++) {
      const r = await step(user, `thief ${i}`, stranger(), clock, stolen);
      if (!throttled(r)) checked++;
      clock.advance(throttled(r) ? Math.min(retryAfterOf(r)! * 1000, 60_000) : 100);
    }
    expect(checked).toBe(throttlePolicy().maxFailures);
    // Locked out of its budget, the cookie no longer gets past the account's lock-out — not even with the right password.
    expect(await step(user, user.password, stranger(), clock, stolen)).toMatchObject({ ok: false, error: "too_many_requests" });
    // The owner's other browser, with a cookie of its own, is untouched.
    expect(await step(user, user.password, stranger(), clock, newDeviceCookie(user.login)!)).toMatchObject({ ok: true });
  }, 180_000);

  it("count for nothing when forged, tampered with, or issued for another login", async () => {
    const [user, other] = [await makeUser(), await makeUser()];
    const clock = fakeClock();
    const real = newDeviceCookie(user.login)!;
    const [name, nonce, mac] = real.split(".");
    const forged = [
      newDeviceCookie(other.login)!, // the attacker's own account's cookie
      `${Buffer.from(user.login).toString("base64url")}.${nonce}.${mac}`.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
      `${name}.${"A".repeat(22)}.${mac}`,
      `${Buffer.from(other.login).toString("base64url")}.${nonce}.${mac}`,
      "garbage",
      "x".repeat(5000),
    ];
    for (const cookie of forged) expect(deviceIdFor(cookie, user.login)).toBeNull();
    expect(deviceIdFor(real, user.login)).toBe(nonce);
    expect(deviceIdFor(real, user.login.toUpperCase())).toBe(nonce); // one account, however the name is typed

    await lockAccount(user, clock);
    for (const cookie of forged) {
      expect(await step(user, user.password, stranger(), clock, cookie)).toMatchObject({ ok: false, error: "too_many_requests" });
    }
  }, 180_000);
});
