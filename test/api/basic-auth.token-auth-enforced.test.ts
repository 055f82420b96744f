// Threat: clients keep sending the login password after the admin required app passwords for everyone.
import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/me/route";
import { POST } from "@/app/api/v1/app-password/route";
import { setConfig, tokenAuthEnforced } from "@/lib/config";
import { apiRequest, basic, bearer, read } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";

afterEach(async () => {
  await setConfig("token_auth_enforced", "false", "test");
});

describe("token_auth_enforced", () => {
  it("refuses the login password on the API (also for the exchange), and app passwords still work", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    expect((await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, user.password) }))).status).toBe(200);

    expect(await setConfig("token_auth_enforced", "true", "test")).toMatchObject({ ok: true });
    expect(await tokenAuthEnforced()).toBe(true);

    const refused = await read(await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, user.password) })));
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: "app_password_required" });
    expect(refused.headers.get("www-authenticate")).toBe('Basic realm="Gatehouse"');

    const exchange = await read(await POST(apiRequest("POST", "/api/v1/app-password", { authorization: basic(user.login, user.password) })));
    expect(exchange.status).toBe(401);
    expect(exchange.body).toMatchObject({ error: "app_password_required" });

    const viaApp = await read(await GET(apiRequest("GET", "/api/v1/me", { authorization: bearer(app.secret) })));
    expect(viaApp.status).toBe(200);
    expect(viaApp.body?.auth).toEqual({ type: "app_password", tokenId: app.id });
  });

  it("takes only true or false, and turning it off lets the login password work again", async () => {
    const user = await makeUser();
    for (const bad of ["yes", "1", "", "true; drop table", "x".repeat(10_000)]) {
      expect(await setConfig("token_auth_enforced", bad, "test")).toMatchObject({ ok: false, error: "invalid_input" });
    }
    expect(await tokenAuthEnforced()).toBe(false);
    await setConfig("token_auth_enforced", "TRUE", "test");
    expect(await tokenAuthEnforced()).toBe(true);
    await setConfig("token_auth_enforced", "false", "test");
    expect((await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, user.password) }))).status).toBe(200);
  });

  it("refuses unknown settings", async () => {
    expect(await setConfig("setup_completed_at", "now", "test")).toMatchObject({ ok: false, error: "invalid_input" });
  });
});
