// Threat: a leaked login password sent as Basic auth through the proxy walks around the user's second factor (Authelia counts Basic as one factor).
import { describe, expect, it } from "vitest";
import { setConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { basic } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";
import { writePolicy } from "@/lib/two-factor/enforcement";
import { turnOnSecondFactor } from "@/test/support/two-factor";
import { ask, makeApp } from "./support";

describe("verify endpoints: the login password in Basic", () => {
  it("works for a user without a second factor (the /api/v1 rule), with the Remote-* headers", async () => {
    const app = await makeApp();
    const user = await makeUser();
    const answer = await ask("auth-request", { url: app.url, authorization: basic(user.login, user.password) });
    expect(answer.status).toBe(200);
    expect(answer.headers["Remote-User"]).toBe(user.login);
  });

  it("is refused with 401 and the app's Basic challenge once the user has a second factor, on both endpoints; an app password still works", async () => {
    const app = await makeApp();
    const user = await makeUser();
    await turnOnSecondFactor(user.id);
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      const answer = await ask(endpoint, { url: app.url, method: "PROPFIND", authorization: basic(user.login, user.password) });
      expect(answer.status).toBe(401);
      expect(answer.headers["WWW-Authenticate"]).toBe(`Basic realm="${app.name}"`);
      expect(answer.headers["Remote-User"]).toBeUndefined();
    }
    const password = await makeAppPassword(user.id);
    expect((await ask("auth-request", { url: app.url, authorization: basic(user.login, password.secret) })).status).toBe(200);
  });

  it("is refused with 403 while 2FA is enforced for a user who has not set a factor up (the /api/v1 rule)", async () => {
    const app = await makeApp();
    const user = await makeUser();
    await writePolicy({ enforced: true, groups: [], excluded: [] });
    try {
      for (const endpoint of ["auth-request", "forward-auth"] as const) {
        const answer = await ask(endpoint, { url: app.url, method: "PROPFIND", authorization: basic(user.login, user.password) });
        expect(answer.status).toBe(403);
        expect(answer.headers["WWW-Authenticate"]).toBeUndefined();
        expect(answer.headers["Remote-User"]).toBeUndefined();
      }
    } finally {
      await writePolicy({ enforced: false, groups: [], excluded: [] });
    }
  });

  it("is refused when the admin enforces token auth", async () => {
    const app = await makeApp();
    const user = await makeUser();
    await setConfig("token_auth_enforced", "true", "test");
    try {
      expect((await ask("auth-request", { url: app.url, authorization: basic(user.login, user.password) })).status).toBe(401);
    } finally {
      await setConfig("token_auth_enforced", "false", "test");
    }
  });

  it("a wrong one is logged as a failed sign-in and throttled per address: 429 with Retry-After", async () => {
    const app = await makeApp();
    const user = await makeUser();
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    const since = (await db.securityEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    let last = await ask("auth-request", { url: app.url, authorization: basic(user.login, "wrong password 0") }, { ip });
    expect(last.status).toBe(401);
    for (let i = 1; i < 40 && last.status !== 429; i++)
      last = await ask("auth-request", { url: app.url, authorization: basic(user.login, `wrong password ${i}`) }, { ip });
    expect(last.status).toBe(429);
    expect(Number(last.headers["Retry-After"])).toBeGreaterThan(0);
    const failed = await db.securityEvent.findMany({ where: { id: { gt: since }, userId: user.id, type: "sign_in.failed" } });
    expect(failed.length).toBeGreaterThan(0);
    expect(JSON.parse(failed[0]!.details!)).toMatchObject({ reason: "wrong_password", via: "forward_auth", app: app.name });
  });
});
