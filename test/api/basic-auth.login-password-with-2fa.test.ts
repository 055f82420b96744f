// Threat: a leaked login password used from a client (Basic auth) walks around the user's second factor.
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/me/route";
import { secondFactorRequired } from "@/lib/two-factor/provider-set";
import { apiRequest, basic, bearer, read } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";
import { turnOnSecondFactor } from "@/test/support/two-factor";

describe("GET /api/v1/me with the login password", () => {
  it("works while the user has no second factor, and says it was the password", async () => {
    const user = await makeUser();
    const res = await read(await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, user.password) })));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: { id: user.id, login: user.login, displayName: user.displayName }, auth: { type: "password" } });
  });

  it("is refused with app_password_required once the user has a second factor", async () => {
    const user = await makeUser();
    await turnOnSecondFactor(user.id);
    expect(await secondFactorRequired(user.id)).toBe(true);
    const res = await read(await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, user.password) })));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: "app_password_required" });
    expect(typeof res.body?.message).toBe("string");
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="Gatehouse"');
  });

  it("still lets the same user's app password through (app passwords skip 2FA), by Basic and by Bearer", async () => {
    const user = await makeUser();
    await turnOnSecondFactor(user.id);
    const app = await makeAppPassword(user.id);
    for (const authorization of [basic(user.login, app.secret), bearer(app.secret)]) {
      const res = await read(await GET(apiRequest("GET", "/api/v1/me", { authorization })));
      expect(res.status).toBe(200);
      expect(res.body?.auth).toEqual({ type: "app_password", tokenId: app.id });
    }
  });

  it("answers a wrong password with 401 invalid_credentials, never revealing whether 2FA is on", async () => {
    const user = await makeUser();
    await turnOnSecondFactor(user.id);
    const res = await read(await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, "not the password") })));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: "invalid_credentials" });
  });
});
