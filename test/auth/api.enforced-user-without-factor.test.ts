// Threat: a user under 2FA enforcement who never sets a factor up keeps using the API (and mints app passwords) with the login password alone.
import { afterEach, describe, expect, it } from "vitest";
import { POST as createAppPassword } from "@/app/api/v1/app-password/route";
import { GET as me } from "@/app/api/v1/me/route";
import { setConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { enrolTotp, makeAppPassword, makeUser } from "@/test/support/factories";
import { apiRequest, basic, bearer, read } from "@/test/support/api";
import { writePolicy } from "@/lib/two-factor/enforcement";

afterEach(async () => {
  await writePolicy({ enforced: false, groups: [], excluded: [] });
  await setConfig("token_auth_enforced", "false", "test");
});

const enforceForEveryone = () => writePolicy({ enforced: true, groups: [], excluded: [] });
const withPassword = (user: { login: string; password: string }) => ({ authorization: basic(user.login, user.password) });

describe("the login password on the API under 2FA enforcement, before any factor is set up", () => {
  it("is refused on GET /api/v1/me with 403 two_factor_setup_required, pointing to the browser", async () => {
    const user = await makeUser();
    await enforceForEveryone();
    const res = await read(await me(apiRequest("GET", "/api/v1/me", withPassword(user))));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: "two_factor_setup_required" });
    expect(res.body?.message).toMatch(/two-factor authentication/);
    expect(res.body?.message).toContain("in a browser at http://localhost/login");
    // The password was right: no Basic challenge that would make a client ask for it again.
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect(res.text).not.toContain(user.password);
  });

  it("mints no app password through POST /api/v1/app-password", async () => {
    const user = await makeUser();
    await enforceForEveryone();
    const res = await read(await createAppPassword(apiRequest("POST", "/api/v1/app-password", { ...withPassword(user), body: "{}" })));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: "two_factor_setup_required" });
    expect(await db.authToken.count({ where: { userId: user.id, type: "app_password" } })).toBe(0);
  });

  it("is asked to set up 2FA even when the admin also requires app passwords (an app password is out of reach until then)", async () => {
    const user = await makeUser();
    await enforceForEveryone();
    await setConfig("token_auth_enforced", "true", "test");
    const res = await read(await me(apiRequest("GET", "/api/v1/me", withPassword(user))));
    expect(res).toMatchObject({ status: 403, body: { error: "two_factor_setup_required" } });
  });

  it("answers a wrong password as before: nothing said about enforcement", async () => {
    const user = await makeUser();
    await enforceForEveryone();
    const res = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, "not the password") })));
    expect(res).toMatchObject({ status: 401, body: { error: "invalid_credentials" } });
  });

  it("keeps the other answers of the /api/v1 contract: not enforced → 200; set-up done → 401 app_password_required", async () => {
    const [enrolled, free] = [await makeUser(), await makeUser()];
    await enrolTotp(enrolled.id);
    expect((await read(await me(apiRequest("GET", "/api/v1/me", withPassword(free))))).status).toBe(200);
    await enforceForEveryone();
    const res = await read(await me(apiRequest("GET", "/api/v1/me", withPassword(enrolled))));
    expect(res).toMatchObject({ status: 401, body: { error: "app_password_required" } });
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="Gatehouse"');
  });

  it("keeps app passwords made before enforcement working (as Nextcloud does; docs/security.md says why)", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    await enforceForEveryone();
    const res = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: bearer(app.secret) })));
    expect(res).toMatchObject({ status: 200, body: { auth: { type: "app_password", tokenId: app.id } } });
  });
});
