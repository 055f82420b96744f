// Threat: a lost phone or leaked app password keeps working after the user revoked it.
import { describe, expect, it } from "vitest";
import { DELETE } from "@/app/api/v1/app-password/route";
import { GET } from "@/app/api/v1/me/route";
import { revokeDevice, revokeOtherSessions } from "@/lib/auth/devices";
import { resolveToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { hashSecret } from "@/lib/crypto/random";
import { apiRequest, basic, bearer, read, sessionCookie } from "@/test/support/api";
import { makeAppPassword, makeSession, makeUser } from "@/test/support/factories";

const me = (options: Parameters<typeof apiRequest>[2]) => GET(apiRequest("GET", "/api/v1/me", options));

describe("revocation", () => {
  it("refuses an app password on the very next request after it is revoked on the settings page", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    expect((await me({ authorization: bearer(app.secret) })).status).toBe(200);
    expect(await revokeDevice(user.id, app.id)).toMatchObject({ ok: true, data: { type: "app_password" } });
    for (const authorization of [bearer(app.secret), basic(user.login, app.secret)]) {
      const res = await read(await me({ authorization }));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Basic realm="Gatehouse"');
    }
  });

  it("DELETE /api/v1/app-password revokes exactly the app password the client used", async () => {
    const user = await makeUser();
    const used = await makeAppPassword(user.id, { name: "laptop" });
    const other = await makeAppPassword(user.id, { name: "phone" });
    expect((await DELETE(apiRequest("DELETE", "/api/v1/app-password", { authorization: basic(user.login, used.secret) }))).status).toBe(204);
    expect((await me({ authorization: bearer(used.secret) })).status).toBe(401);
    expect((await me({ authorization: bearer(other.secret) })).status).toBe(200);
    // A second logout with the same (now dead) secret is just unauthenticated.
    expect((await DELETE(apiRequest("DELETE", "/api/v1/app-password", { authorization: bearer(used.secret) }))).status).toBe(401);
  });

  it("refuses a revoked browser session's cookie on the API at once", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const cookie = await sessionCookie(sid);
    const ok = await read(await me({ cookie }));
    expect(ok.status).toBe(200);
    expect(ok.body?.auth).toMatchObject({ type: "session" });
    const token = await resolveToken(sid, "session");
    await revokeDevice(user.id, token!.id);
    expect((await me({ cookie })).status).toBe(401);
  });

  it("'sign out all other sessions' ends the others, keeps this one and every app password", async () => {
    const user = await makeUser();
    const mine = await makeSession(user.id);
    const phone = await makeSession(user.id);
    const tablet = await makeSession(user.id);
    const app = await makeAppPassword(user.id);
    const current = await db.authToken.findUniqueOrThrow({ where: { hash: hashSecret(mine) } });
    expect(await revokeOtherSessions(user.id, current.id)).toBe(2);
    expect((await me({ cookie: await sessionCookie(mine) })).status).toBe(200);
    expect((await me({ cookie: await sessionCookie(phone) })).status).toBe(401);
    expect((await me({ cookie: await sessionCookie(tablet) })).status).toBe(401);
    expect((await me({ authorization: bearer(app.secret) })).status).toBe(200);
  });

  it("a session secret is not an app password, and an app password opens no browser session", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const app = await makeAppPassword(user.id);
    expect((await me({ authorization: bearer(sid) })).status).toBe(401);
    expect((await me({ cookie: await sessionCookie(app.secret) })).status).toBe(401);
  });
});
