// Threat: an app password is used under another account's login name (confused identity, or probing with a stolen secret).
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/me/route";
import { apiRequest, basic, read } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";

describe("Basic auth with an app password", () => {
  it("refuses user A's app password with user B's login name", async () => {
    const alice = await makeUser();
    const bob = await makeUser();
    const app = await makeAppPassword(alice.id);
    for (const login of [bob.login, "no-such-user", "x"]) {
      const res = await read(await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(login, app.secret) })));
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: "invalid_credentials" });
      expect(res.text).not.toContain(alice.id);
    }
  });

  it("accepts the owner's login however it is written (case, full-width), normalised like sign-in", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    const fullwidth = user.login.toUpperCase().replace(/[A-Z0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    for (const login of [user.login, user.login.toUpperCase(), fullwidth]) {
      const res = await read(await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(login, app.secret) })));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ user: { id: user.id, login: user.login }, auth: { type: "app_password", tokenId: app.id } });
    }
  });

  it("accepts the app password without its dashes, but not with one character changed", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    const ok = await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, app.secret.replaceAll("-", "")) }));
    expect(ok.status).toBe(200);
    const last = app.secret.at(-1) === "a" ? "b" : "a";
    const changed = await GET(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, app.secret.slice(0, -1) + last) }));
    expect(changed.status).toBe(401);
  });
});
