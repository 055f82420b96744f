// Threat: online password guessing from one address — a long run of guesses must get nowhere, and the owner must still get in.
import { describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { HOUR } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { makeSession, makeUser } from "@/test/support/factories";
import { client, fakeClock, noSecondFactor, randomIPv6, retryAfterOf } from "@/test/support/security";

const guesses = (correct: string, at: number) => Array.from({ length: 1000 }, (_, i) => (i === at ? correct : `guess number ${i}`));

async function checkedPasswords(userId: string) {
  return db.securityEvent.count({ where: { userId, type: "sign_in.failed" } });
}

describe("password guessing from one address", () => {
  it("answers 1,000 back-to-back guesses with 0 successes; all but a handful are refused before any password is checked", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    const attacker = client();
    const outcomes = { ok: 0, wrong: 0, throttled: 0 };
    for (const password of guesses(user.password, 500)) {
      const result = await passwordStep({ login: user.login, password }, attacker, noSecondFactor, { clock });
      if (result.ok) outcomes.ok++;
      else outcomes[result.error === "too_many_requests" ? "throttled" : "wrong"]++;
    }
    expect(outcomes.ok).toBe(0);
    // 0.1 s × 2^n: up to 2 s is paused on the server, beyond that refused at once.
    expect(outcomes.wrong).toBeLessThanOrEqual(5);
    expect(outcomes.throttled).toBe(1000 - outcomes.wrong);
    expect(await checkedPasswords(user.id)).toBe(outcomes.wrong);
    expect(clock.slept).toBeLessThan(5_000);
  });

  it("lets a patient attacker who waits every Retry-After check at most 100 passwords a day, so the real one (guess 150) is never reached", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    const start = clock.now();
    const attacker = client(randomIPv6());
    let successes = 0;
    let refusal = "";
    const list = guesses(user.password, 150);
    for (let i = 0; i < list.length && clock.now() - start < 24 * HOUR;) {
      const result = await passwordStep({ login: user.login, password: list[i]! }, attacker, noSecondFactor, { clock });
      if (result.ok) successes++;
      if (!result.ok && result.error === "too_many_requests") {
        // Refused before any check: wait as told, then try the same guess again.
        refusal = result.message;
        clock.advance(retryAfterOf(result)! * 1000);
      } else i++;
    }
    expect(successes).toBe(0);
    expect(await checkedPasswords(user.id)).toBeLessThanOrEqual(100);
    expect(await checkedPasswords(user.id)).toBeGreaterThanOrEqual(50);
    expect(refusal).toMatch(/^Too many attempts\. Try again in \d+ (seconds?|minutes|hours)\.$/);
  }, 120_000);

  it("still lets the owner in: from a new address after a burst, from a known one once the account is closed to strangers", async () => {
    const user = await makeUser();
    const home = client();
    await makeSession(user.id, { meta: home }); // the owner signed in from home before
    const clock = fakeClock();
    let attacker = client(randomIPv6());
    for (let i = 0; i < 30; i++) await passwordStep({ login: user.login, password: `guess ${i}` }, attacker, noSecondFactor, { clock });

    const elsewhere = await passwordStep({ login: user.login, password: user.password }, client(), noSecondFactor, { clock });
    expect(elsewhere).toMatchObject({ ok: true });

    // A patient attacker keeps going until the account hits its hard limit (100
    // consecutive failures: told to come back in hours, not minutes). One address
    // may count at most half of that, so he moves on when his is told so…
    for (let i = 0, locked = false; !locked; i++) {
      const result = await passwordStep({ login: user.login, password: `patient ${i}` }, attacker, noSecondFactor, { clock });
      if (!result.ok && result.error === "too_many_requests") {
        const retryAfter = retryAfterOf(result)!;
        locked = retryAfter > HOUR / 1000 && (await checkedPasswords(user.id)) >= 100 + 5;
        if (retryAfter > HOUR / 1000) attacker = client(randomIPv6());
        else clock.advance(retryAfter * 1000);
      }
    }
    expect(await checkedPasswords(user.id)).toBe(100 + 5);
    // …now a brand-new address may not try this account any more…
    const stranger = await passwordStep({ login: user.login, password: user.password }, client(), noSecondFactor, { clock });
    expect(stranger).toMatchObject({ ok: false, error: "too_many_requests" });
    // …yet the owner, from an address the account knows, signs in at once.
    const fromHome = await passwordStep({ login: user.login, password: user.password }, home, noSecondFactor, { clock });
    expect(fromHome).toMatchObject({ ok: true });
  }, 120_000);

  it("throttles an unknown login exactly like a real one (no account enumeration through the throttle)", async () => {
    const user = await makeUser();
    const clock = fakeClock();
    const [a, b] = [client(), client()];
    const run = async (login: string, meta: typeof a) => {
      const answers: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await passwordStep({ login, password: `guess ${i}` }, meta, noSecondFactor, { clock });
        answers.push(r.ok ? "ok" : r.error);
      }
      return answers;
    };
    expect(await run("nobody-by-this-name", a)).toEqual(await run(user.login, b));
  });
});
