// Threat: a proxy misreads Gatehouse's answer (a redirect a browser never follows, a client sent to an HTML page, user data missing or mangled) and the apps fall back to trusting something else.
import { describe, expect, it } from "vitest";
import { addToGroup } from "@/lib/groups";
import { addGroup } from "@/lib/groups";
import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { bearer, sessionCookie } from "@/test/support/api";
import { makeAppPassword, makeSession, makeUser } from "@/test/support/factories";
import { ask, BROWSER, makeApp, unique } from "./support";

const base = () => `${env().publicUrl ?? `http://localhost:${env().port}`}/login`;

describe("verify endpoints: the contracted answers", () => {
  it("200 with Remote-User, Remote-Name, Remote-Email, Remote-Groups for a signed-in browser", async () => {
    const app = await makeApp();
    const email = `u${unique()}@example.org`;
    const user = await makeUser({ email });
    await db.user.update({ where: { id: user.id }, data: { displayName: "Zoë Ærøskøbing" } });
    const [g1, g2] = [`zeta-${unique()}`, `alpha-${unique()}`];
    for (const g of [g1, g2]) {
      await addGroup(g, "test");
      await addToGroup(g, user.login, "test");
    }
    const cookie = await sessionCookie(await makeSession(user.id));
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      const answer = await ask(endpoint, { url: `${app.url}/some/page?x=1`, cookie, accept: BROWSER });
      expect(answer.status).toBe(200);
      expect(answer.headers).toMatchObject({
        "Remote-User": user.login,
        "Remote-Email": email,
        "Remote-Groups": [g2, g1].join(","),
        "Cache-Control": "no-store",
      });
      // UTF-8 bytes on the wire (Node writes header strings as latin-1 code units).
      expect(Buffer.from(answer.headers["Remote-Name"]!, "latin1").toString("utf8")).toBe("Zoë Ærøskøbing");
    }
  });

  it("a browser without a session: nginx gets 401 + Location, Traefik/Caddy 302 + Location to /login?rd=<original URL>", async () => {
    const app = await makeApp();
    const url = `${app.url}/calendar/?view=week`;
    const rd = `${base()}?rd=${encodeURIComponent(url)}`;
    const nginx = await ask("auth-request", { url, accept: BROWSER });
    expect(nginx.status).toBe(401);
    expect(nginx.headers.Location).toBe(rd);
    const traefik = await ask("forward-auth", { url, accept: BROWSER });
    expect(traefik.status).toBe(302);
    expect(traefik.headers.Location).toBe(rd);
    // Sec-Fetch-Mode: navigate alone also makes a browser; a bad cookie is no session.
    const nav = await ask("forward-auth", {
      url,
      headers: { "sec-fetch-mode": "navigate" },
      cookie: "gatehouse-session=garbage; __Host-gatehouse-session=garbage",
    });
    expect(nav.status).toBe(302);
  });

  it("a client (no text/html, not a navigation, or any Authorization, or not GET/HEAD) gets 401 with the app's Basic realm", async () => {
    const app = await makeApp();
    for (const request of [
      { url: app.url, method: "PROPFIND" },
      { url: app.url, accept: "application/json" },
      { url: app.url, method: "POST", accept: BROWSER },
      { url: app.url, accept: BROWSER, authorization: bearer("not-an-app-password") },
    ]) {
      for (const endpoint of ["auth-request", "forward-auth"] as const) {
        const answer = await ask(endpoint, request);
        expect(answer.status, JSON.stringify(request)).toBe(401);
        expect(answer.headers["WWW-Authenticate"]).toBe(`Basic realm="${app.name}"`);
        expect(answer.headers.Location).toBeUndefined();
      }
    }
  });

  it("403 for a signed-in user the app's allow list does not name; allowed by user or by group", async () => {
    const group = `team-${unique()}`;
    await addGroup(group, "test");
    const [member, named, outsider] = [await makeUser(), await makeUser(), await makeUser()];
    await addToGroup(group, member.login, "test");
    const app = await makeApp({ allowGroups: [group], allowUsers: [named.login] });
    for (const [user, status] of [
      [member, 200],
      [named, 200],
      [outsider, 403],
    ] as const) {
      const cookie = await sessionCookie(await makeSession(user.id));
      const password = await makeAppPassword(user.id);
      expect((await ask("forward-auth", { url: app.url, cookie, accept: BROWSER })).status, user.login).toBe(status);
      expect((await ask("auth-request", { url: app.url, authorization: bearer(password.secret) })).status, user.login).toBe(status);
    }
  });

  it("a public app lets everyone through with no Remote-* headers, even with forged or bad credentials", async () => {
    const app = await makeApp({ public: true });
    for (const request of [
      { url: app.url },
      { url: app.url, accept: BROWSER },
      { url: app.url, method: "PUT", authorization: bearer("x"), headers: { "Remote-User": "admin" } },
    ]) {
      const answer = await ask("auth-request", request);
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.headers).filter((h) => h.startsWith("Remote-"))).toEqual([]);
    }
  });

  it("the most specific URL prefix wins, also for escaped or doubled paths", async () => {
    const host = `site-${unique()}.gatehouse.test`;
    const open = await makeApp({ url: `https://${host}`, public: true });
    const admin = await makeApp({ url: `https://${host}/admin`, allowUsers: [(await makeUser()).login] });
    expect(open.pathPrefix).toBe("/");
    const outsider = await makeUser();
    const cookie = await sessionCookie(await makeSession(outsider.id));
    expect((await ask("auth-request", { url: `https://${host}/blog`, cookie })).status).toBe(200);
    for (const path of ["/admin", "/admin/", "/admin/users", "/%61dmin/users", "//admin/users", "/x/../admin", "/%2e%2e/admin", "/ADMIN/../admin"]) {
      const answer = await ask("auth-request", { url: `https://${host}${path}`, cookie });
      expect(answer.status, path).toBe(403);
    }
    expect(admin.pathPrefix).toBe("/admin");
  });

  it("records where an app password was last used (app, address, time), at most once a minute, after the answer", async () => {
    const app = await makeApp();
    const user = await makeUser();
    const password = await makeAppPassword(user.id);
    await ask("auth-request", { url: app.url, authorization: bearer(password.secret) }, { ip: "192.0.2.77" });
    const row = await db.authToken.findUniqueOrThrow({ where: { id: password.id } });
    expect(row).toMatchObject({ lastApp: app.name, ip: "192.0.2.77" });
    const other = await makeApp();
    await ask("auth-request", { url: other.url, authorization: bearer(password.secret) }, { ip: "192.0.2.78" });
    expect(await db.authToken.findUniqueOrThrow({ where: { id: password.id } })).toMatchObject({
      lastApp: app.name,
      ip: "192.0.2.77",
      lastActivity: row.lastActivity,
    });
  });
});
