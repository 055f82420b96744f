// Threat: a client given read-only access (or whoever steals its app password) changes the account.
import { describe, expect, it } from "vitest";
import { DELETE, POST } from "@/app/api/v1/app-password/route";
import { GET } from "@/app/api/v1/me/route";
import { db } from "@/lib/db";
import { apiRequest, basic, bearer, read } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";

describe("a read-only app password", () => {
  it("can read (GET /api/v1/me)", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id, { scope: "read_only" });
    const res = await read(await GET(apiRequest("GET", "/api/v1/me", { authorization: bearer(app.secret) })));
    expect(res.status).toBe(200);
    expect(res.body?.auth).toEqual({ type: "app_password", tokenId: app.id });
  });

  it("cannot POST: 403 read_only_token, and nothing is created", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id, { scope: "read_only" });
    for (const authorization of [bearer(app.secret), basic(user.login, app.secret)]) {
      const res = await read(await POST(apiRequest("POST", "/api/v1/app-password", { authorization, body: '{"name":"sneaky"}' })));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: "read_only_token" });
    }
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(1);
  });

  it("may still revoke itself (logging out only takes access away)", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id, { scope: "read_only" });
    expect((await DELETE(apiRequest("DELETE", "/api/v1/app-password", { authorization: bearer(app.secret) }))).status).toBe(204);
    expect((await GET(apiRequest("GET", "/api/v1/me", { authorization: bearer(app.secret) }))).status).toBe(401);
  });

  it("a full-access app password may POST (and is told it already is an app password)", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    const res = await read(await POST(apiRequest("POST", "/api/v1/app-password", { authorization: bearer(app.secret) })));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: "forbidden" });
  });
});
