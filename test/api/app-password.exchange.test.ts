// Threat: a client keeps the login password (which cannot be revoked per device) instead of swapping it for an app password — or an app password or browser cookie mints more app passwords.
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/app-password/route";
import { GET } from "@/app/api/v1/me/route";
import { db } from "@/lib/db";
import { META } from "@/test/support/factories";
import { apiRequest, basic, bearer, read, sessionCookie } from "@/test/support/api";
import { makeAppPassword, makeSession, makeUser } from "@/test/support/factories";
import { turnOnSecondFactor } from "@/test/support/two-factor";

describe("POST /api/v1/app-password", () => {
  it("exchanges the login password for a new app password, returned once, named after the client", async () => {
    const user = await makeUser();
    const res = await read(
      await POST(apiRequest("POST", "/api/v1/app-password", { authorization: basic(user.login, user.password), userAgent: "DAVx5/4.4 (okhttp)" })),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ login: user.login, name: "DAVx5/4.4 (okhttp)", scope: "full", tokenId: expect.any(Number) });
    const secret = String(res.body?.appPassword);
    const me = await read(await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, secret) })));
    expect(me.body?.auth).toEqual({ type: "app_password", tokenId: res.body?.tokenId });
    const row = await db.authToken.findUniqueOrThrow({ where: { id: Number(res.body?.tokenId) } });
    expect(row).toMatchObject({ ip: META.ip, userAgent: "DAVx5/4.4 (okhttp)" });
  });

  it("takes a name and a scope from a JSON body", async () => {
    const user = await makeUser();
    const res = await read(
      await POST(
        apiRequest("POST", "/api/v1/app-password", { authorization: basic(user.login, user.password), body: '{"name":"Backup script","scope":"read_only"}' }),
      ),
    );
    expect(res).toMatchObject({ status: 201, body: { name: "Backup script", scope: "read_only" } });
  });

  it("is refused with a browser session or an app password (no minting from them)", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const app = await makeAppPassword(user.id);
    const before = await db.authToken.count({ where: { userId: user.id } });
    for (const options of [{ cookie: await sessionCookie(sid) }, { authorization: bearer(app.secret) }, { authorization: basic(user.login, app.secret) }]) {
      const res = await read(await POST(apiRequest("POST", "/api/v1/app-password", options)));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: "forbidden" });
    }
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(before);
  });

  it("is refused once the user has a second factor", async () => {
    const user = await makeUser();
    await turnOnSecondFactor(user.id);
    const res = await read(await POST(apiRequest("POST", "/api/v1/app-password", { authorization: basic(user.login, user.password) })));
    expect(res).toMatchObject({ status: 401, body: { error: "app_password_required" } });
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("without credentials: 401 with the Basic challenge", async () => {
    const res = await read(await POST(apiRequest("POST", "/api/v1/app-password")));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="Gatehouse"');
  });
});
