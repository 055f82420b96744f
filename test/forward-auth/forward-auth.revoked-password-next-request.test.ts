// Threat: a revoked app password, a signed-out session or a disabled account keeps working through the proxy (a cached "yes", a stale token).
import { describe, expect, it } from "vitest";
import { revokeDevice } from "@/lib/auth/devices";
import { db } from "@/lib/db";
import { basic, bearer, sessionCookie } from "@/test/support/api";
import { makeAppPassword, makeSession, makeUser } from "@/test/support/factories";
import { ask, BROWSER, makeApp } from "./support";

describe("verify endpoints: revocation takes effect on the next request", () => {
  it("a revoked app password gets 401 on the very next request, on both endpoints", async () => {
    const app = await makeApp();
    const user = await makeUser();
    const password = await makeAppPassword(user.id);
    const authorization = basic(user.login, password.secret);
    expect((await ask("auth-request", { url: app.url, method: "PROPFIND", authorization })).status).toBe(200);
    expect((await ask("forward-auth", { url: app.url, method: "PROPFIND", authorization })).status).toBe(200);
    expect((await revokeDevice(user.id, password.id)).ok).toBe(true);
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      for (const auth of [authorization, bearer(password.secret)]) {
        const answer = await ask(endpoint, { url: app.url, method: "PROPFIND", authorization: auth });
        expect(answer.status).toBe(401);
        expect(answer.headers["Remote-User"]).toBeUndefined();
      }
    }
  });

  it("a revoked (signed-out) session sends the browser back to sign in on the next request", async () => {
    const app = await makeApp();
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const cookie = await sessionCookie(sid);
    expect((await ask("forward-auth", { url: app.url, cookie, accept: BROWSER })).status).toBe(200);
    const row = await db.authToken.findFirstOrThrow({ where: { userId: user.id, type: "session" } });
    expect((await revokeDevice(user.id, row.id)).ok).toBe(true);
    expect((await ask("forward-auth", { url: app.url, cookie, accept: BROWSER })).status).toBe(302);
    expect((await ask("auth-request", { url: app.url, cookie, accept: BROWSER })).status).toBe(401);
  });

  it("a disabled account's session and app passwords stop at once", async () => {
    const app = await makeApp();
    const user = await makeUser();
    const cookie = await sessionCookie(await makeSession(user.id));
    const password = await makeAppPassword(user.id);
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect((await ask("auth-request", { url: app.url, cookie, accept: BROWSER })).status).toBe(401);
    expect((await ask("auth-request", { url: app.url, authorization: bearer(password.secret) })).status).toBe(401);
  });
});
