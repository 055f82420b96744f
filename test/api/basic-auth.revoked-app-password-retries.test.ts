// Threat: a lost phone that keeps retrying its revoked app password uses up its owner's sign-in throttle (and everyone's behind the same address), locking them out.
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { revokeDevice } from "@/lib/auth/devices";
import { throttlePolicy } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { apiRequest, basic, read } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";
import { client } from "@/test/support/security";
import { ask, makeApp } from "@/test/forward-auth/support";

describe("a revoked app password, retried", () => {
  it("is refused at once, without a password check, so the owner's login password still works from that address", async () => {
    const user = await makeUser();
    const app = await makeApp();
    const phone = await makeAppPassword(user.id, { name: "Lost phone" });
    expect((await revokeDevice(user.id, phone.id)).ok).toBe(true);
    const { ip } = client();
    const tries = throttlePolicy().maxFailures * 3;
    for (let i = 0; i < tries; i++) {
      const api = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, phone.secret), ip: ip! })));
      expect(api.status).toBe(401);
      expect(api.body).toMatchObject({ error: "invalid_credentials", message: "Unknown or revoked app password." });
      const proxied = await ask("auth-request", { url: app.url, method: "PROPFIND", authorization: basic(user.login, phone.secret) }, { ip: ip! });
      expect(proxied.status).toBe(401);
    }
    // No argon2 check ran, so none was logged as a failed sign-in and the throttle counted nothing.
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "sign_in.failed" } })).toBe(0);
    const owner = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, user.password), ip: ip! })));
    expect(owner.status).toBe(200);
    expect(owner.body).toMatchObject({ auth: { type: "password" } });
  });

  it("still lets a live app password of the same shape through, and refuses it under another login", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const live = await makeAppPassword(user.id);
    expect((await me(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, live.secret) }))).status).toBe(200);
    const foreign = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: basic(other.login, live.secret) })));
    expect(foreign.status).toBe(401);
    expect(await db.securityEvent.count({ where: { userId: other.id, type: "sign_in.failed" } })).toBe(0);
  });
});
