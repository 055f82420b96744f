// Threat: a lockout that outlives the owner's correct password — or an attacker clearing his own counters by signing in to his own account.
import { describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { db } from "@/lib/db";
import { makeUser } from "@/test/support/factories";
import { client, fakeClock, noSecondFactor, randomIPv6 } from "@/test/support/security";

const step = (login: string, password: string, meta: ReturnType<typeof client>, clock: ReturnType<typeof fakeClock>) =>
  passwordStep({ login, password }, meta, noSecondFactor, { clock });

describe("a successful sign-in resets the counters", () => {
  it("forgets the owner's own mistakes: no wait on the next attempt, nothing left in the table", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    const meta = client();
    for (let i = 0; i < 4; i++) expect(await step(user.login, `typo ${i}`, meta, clock)).toMatchObject({ error: "invalid_credentials" });
    expect(await step(user.login, user.password, meta, clock)).toMatchObject({ ok: true });

    const slept = clock.slept;
    expect(await step(user.login, "one more typo", meta, clock)).toMatchObject({ error: "invalid_credentials" });
    expect(clock.slept).toBe(slept);
    expect(await step(user.login, user.password, meta, clock)).toMatchObject({ ok: true });
    expect(await db.throttleBucket.count({ where: { key: { contains: meta.ip! } } })).toBe(0);
  });

  it("clears the account's counter, so failures from elsewhere stop counting toward its backoff", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    // 39 addresses from the IPv6 documentation range: a random IPv4 test address can be one another test left throttled.
    const stranger = () => client(randomIPv6());
    for (let i = 0; i < 19; i++) await step(user.login, `guess ${i}`, stranger(), clock);
    expect(await step(user.login, user.password, stranger(), clock)).toMatchObject({ ok: true });
    for (let i = 0; i < 19; i++) expect(await step(user.login, `again ${i}`, stranger(), clock)).toMatchObject({ error: "invalid_credentials" });
    expect(clock.slept).toBe(0);
  });

  it("does not let an attacker clear his address by signing in to his own account", async () => {
    const [victim, attacker] = [await makeUser(), await makeUser()];
    const clock = fakeClock();
    const meta = client();
    for (let i = 0; i < 9; i++) {
      await step(victim.login, `guess ${i}`, meta, clock);
      clock.advance(60_000);
    }
    expect(await step(attacker.login, attacker.password, meta, clock)).toMatchObject({ ok: true });
    clock.advance(60_000);
    expect(await step(victim.login, "guess 9", meta, clock)).toMatchObject({ error: "invalid_credentials" });
    clock.advance(60_000);
    expect(await step(victim.login, "guess 10", meta, clock)).toMatchObject({ error: "too_many_requests" });
  });

  it("lets many people behind one address (an office NAT) sign in, up to 10 at the very same moment", async () => {
    const users = await Promise.all(Array.from({ length: 30 }, () => makeUser()));
    const clock = fakeClock();
    const office = client();
    const together = await Promise.all(users.slice(0, 10).map((u) => step(u.login, u.password, office, clock)));
    expect(together.every((r) => r.ok)).toBe(true);
    for (const u of users.slice(10)) expect(await step(u.login, u.password, office, clock)).toMatchObject({ ok: true });
    expect(await db.throttleBucket.count({ where: { key: { contains: office.ip! } } })).toBe(0);
  });
});
