// Threat: a way in that forgets to consult the throttle. The mechanism is tested on its own
// (throttle.*.test.ts); this file proves that the API's Basic login-password path and the
// sign-in challenge count into the same per-address buckets and refuse once they are full.
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { isThrottled, passwordAttempt, secondFactorAttempt } from "@/lib/auth/attempts";
import { failure } from "@/lib/errors";
import { solveChallenge } from "@/lib/two-factor/challenge-flow";
import { apiRequest, basic, read } from "@/test/support/api";
import { makeUser, pendingTotpLogin, totpCode } from "@/test/support/factories";
import { client, fakeClock } from "@/test/support/security";

const wrong = async () => failure("invalid_input", "Wrong.");
/** Nine earlier failures from one address, a minute apart in the last ten minutes (a fake clock: no real waiting). */
async function nineEarlierFailures(attempt: (clock: ReturnType<typeof fakeClock>) => Promise<{ ok: boolean }>) {
  const clock = fakeClock(Date.now() - 10 * 60_000);
  for (let i = 0; i < 9; i++) {
    expect(isThrottled(await attempt(clock))).toBe(false);
    clock.advance(60_000);
  }
}

describe("API Basic with the login password", () => {
  it("counts wrong passwords per address and answers 429 with Retry-After once the address is blocked", async () => {
    const user = await makeUser();
    const attacker = client();
    await nineEarlierFailures((clock) => passwordAttempt("api_basic", user.login, attacker, wrong, { clock }));

    const tenth = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, "not the password"), ip: attacker.ip! })));
    expect(tenth.status).toBe(401);
    // Blocked now — even the right password from this address.
    const blocked = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, user.password), ip: attacker.ip! })));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(blocked.body).toMatchObject({ error: "too_many_requests" });

    // The owner, elsewhere, is not locked out.
    const owner = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, user.password), ip: client().ip! })));
    expect(owner.status).toBe(200);
  });
});

describe("the sign-in challenge", () => {
  it("counts wrong codes per address across challenges and refuses even the right code once the address is blocked", async () => {
    const { user, secret, login } = await pendingTotpLogin();
    const attacker = client();
    await nineEarlierFailures((clock) => secondFactorAttempt(user.id, attacker, wrong, { clock }));

    expect(await solveChallenge(login, "totp", "000000", attacker)).toMatchObject({ ok: false, reason: "wrong" });
    expect(await solveChallenge(login, "totp", await totpCode(secret), attacker)).toMatchObject({ ok: false, reason: "throttled" });

    // Ten failures are far from the account's limit: the same challenge still works from another address.
    expect(await solveChallenge(login, "totp", await totpCode(secret), client())).toEqual({ ok: true, promptsSetup: false, setupNext: false });
  });
});
