// Threat: the documented nginx and Caddy set-ups leak — a CalDAV client keeps working after its password is revoked, a read-only or other-app password writes, the login password skips 2FA, or a client-sent Remote-User reaches the app.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { revokeDevice } from "@/lib/auth/devices";
import { basic } from "@/test/support/api";
import { enrolTotp, makeAppPassword, makeUser } from "@/test/support/factories";
import { makeApp } from "./support";
import { caldav as caldavFrom, loopbackClient, missingParts, startStack, via as viaFrom, type Stack } from "./proxies/stack";

// Loopback ports for this suite's own processes (FORWARD_AUTH_TEST_PORT_BASE moves them).
const base = Number(process.env.FORWARD_AUTH_TEST_PORT_BASE ?? 4711);
const PORTS = { gatehouse: base, nginx: base + 1, caddy: base + 2, radicale: base + 3, echo: base + 4 };
const missing = missingParts();
if (missing.length)
  console.warn(`forward-auth real-proxy suite skipped: ${missing.join(", ")} not installed (apt-get install nginx caddy radicale python3-caldav)`);

const PROXIES = [
  { name: "nginx", port: PORTS.nginx },
  { name: "caddy", port: PORTS.caddy },
] as const;

let stack: Stack;
// Each test sends from its own loopback address, as separate clients would.
let from = loopbackClient();
const via = (...[port, host, path, options]: Parameters<typeof viaFrom>) => viaFrom(port, host, path, { from, ...options });
const caldav = (...args: [string, string, string, "create" | "read"]) => caldavFrom(...args, from);
const apps: Record<string, { cal: string; echo: string; wiki: string }> = {};

describe.skipIf(missing.length > 0)("forward auth through real nginx and Caddy, in front of Radicale and an echo page", () => {
  beforeAll(async () => {
    stack = await startStack(PORTS);
    for (const proxy of PROXIES) {
      const names = { cal: `cal-${proxy.name}-${Date.now()}`, echo: `echo-${proxy.name}-${Date.now()}`, wiki: `wiki-${proxy.name}-${Date.now()}` };
      for (const [key, name] of Object.entries(names)) await makeApp({ name, url: `http://${key}.gatehouse.test:${proxy.port}` });
      apps[proxy.name] = names;
    }
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });
  beforeEach(() => {
    from = loopbackClient();
  });

  for (const proxy of PROXIES) {
    describe(`through ${proxy.name}`, () => {
      const calUrl = `http://cal.gatehouse.test:${proxy.port}/`;

      it("a CalDAV client (python3-caldav) with an app password creates and reads an event; after a revoke its next request is refused", async () => {
        const user = await makeUser();
        const password = await makeAppPassword(user.id, { name: "Phone calendar", apps: [apps[proxy.name]!.cal] });
        const created = await caldav(calUrl, user.login, password.secret, "create");
        expect(created, JSON.stringify(created.result)).toMatchObject({ code: 0 });
        const read = await caldav(calUrl, user.login, password.secret, "read");
        expect(read.code).toBe(0);
        expect(read.result.events).toEqual([created.result.created]);

        expect((await revokeDevice(user.id, password.id)).ok).toBe(true);
        const after = await caldav(calUrl, user.login, password.secret, "read");
        expect(after.code).toBe(2);
        expect(String(after.result.detail)).toMatch(/401|Unauthorized/i);
        const raw = await via(proxy.port, "cal.gatehouse.test", `/${user.login}/`, {
          method: "PROPFIND",
          headers: { authorization: basic(user.login, password.secret), depth: "0" },
        });
        expect(raw.status).toBe(401);
        expect(raw.headers["www-authenticate"]).toBe(`Basic realm="${apps[proxy.name]!.cal}"`);
      });

      it("a read-only app password reads (PROPFIND, GET) but PUT gets 403", async () => {
        const user = await makeUser();
        const full = await makeAppPassword(user.id);
        expect((await caldav(calUrl, user.login, full.secret, "create")).code).toBe(0);
        const ro = await makeAppPassword(user.id, { scope: "read_only" });
        expect((await caldav(calUrl, user.login, ro.secret, "read")).result.events).toHaveLength(1);
        const authorization = basic(user.login, ro.secret);
        expect((await via(proxy.port, "cal.gatehouse.test", `/${user.login}/`, { method: "PROPFIND", headers: { authorization, depth: "1" } })).status).toBe(
          207,
        );
        const put = await via(proxy.port, "cal.gatehouse.test", `/${user.login}/x/evil.ics`, {
          method: "PUT",
          headers: { authorization, "content-type": "text/calendar" },
          body: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        });
        expect(put.status).toBe(403);
        expect((await caldav(calUrl, user.login, ro.secret, "create")).code).toBe(2);
      });

      it("a password for app A is refused on app B", async () => {
        const user = await makeUser();
        const forCal = await makeAppPassword(user.id, { apps: [apps[proxy.name]!.cal] });
        const authorization = basic(user.login, forCal.secret);
        expect((await via(proxy.port, "echo.gatehouse.test", "/", { headers: { authorization } })).status).toBe(403);
        expect((await via(proxy.port, "cal.gatehouse.test", `/${user.login}/`, { method: "PROPFIND", headers: { authorization, depth: "0" } })).status).toBe(
          207,
        );
      });

      it("the login password is refused for a user with 2FA (and works without)", async () => {
        const plain = await makeUser();
        expect((await caldav(calUrl, plain.login, plain.password, "read")).code).toBe(0);
        const guarded = await makeUser();
        await enrolTotp(guarded.id);
        const refused = await caldav(calUrl, guarded.login, guarded.password, "read");
        expect(refused.code).toBe(2);
        expect((await via(proxy.port, "echo.gatehouse.test", "/", { headers: { authorization: basic(guarded.login, guarded.password) } })).status).toBe(401);
      });

      it("a client-sent Remote-User: admin never reaches Radicale or the page", async () => {
        const forged = { "Remote-User": "admin", "X-Remote-User": "admin", "Remote-Groups": "admin", "Remote-Name": "Admin", "Remote-Auth-Methods": "pwd,hwk" };
        // Without credentials: refused before the app.
        expect((await via(proxy.port, "cal.gatehouse.test", "/admin/", { method: "PROPFIND", headers: { ...forged, depth: "0" } })).status).toBe(401);
        const none = await via(proxy.port, "echo.gatehouse.test", "/", { headers: forged });
        expect(none.status).toBe(401);
        expect(none.body).not.toContain("remote-user");
        // With someone's own credentials: the app sees them, never "admin".
        const user = await makeUser();
        const password = await makeAppPassword(user.id);
        const authorization = basic(user.login, password.secret);
        const echo = JSON.parse((await via(proxy.port, "echo.gatehouse.test", "/", { headers: { ...forged, authorization } })).body) as {
          remote: Record<string, string>;
        };
        expect(echo.remote["remote-user"]).toBe(user.login);
        expect(echo.remote["x-remote-user"]).toBeUndefined();
        expect(echo.remote["remote-groups"] ?? "").toBe("");
        // An app password proves no sign-in method: a forged list is removed, none is sent.
        expect(echo.remote["remote-auth-methods"] ?? "").toBe("");
        expect((await via(proxy.port, "cal.gatehouse.test", "/admin/", { method: "PROPFIND", headers: { ...forged, authorization, depth: "0" } })).status).toBe(
          403,
        );
      });

      it("a browser without a session is sent to Gatehouse's sign-in with rd; a proxied host no protected app covers gets 403", async () => {
        const page = await via(proxy.port, "echo.gatehouse.test", "/notes?id=1", { headers: { accept: "text/html" } });
        expect(page.status).toBe(302);
        expect(page.headers.location).toMatch(/\/login\?rd=/);
        expect(new URL(page.headers.location!).searchParams.get("rd")).toBe(`http://echo.gatehouse.test:${proxy.port}/notes?id=1`);
        // files.gatehouse.test is in the proxy's configuration but was never added with app:add.
        const uncovered = await via(proxy.port, "files.gatehouse.test", "/", { headers: { accept: "text/html" } });
        expect(uncovered.status).toBe(403);
        expect(uncovered.body).not.toContain("remote");
      });
    });
  }

  it("nginx hands Gatehouse's 429 (with Retry-After) and 400 to the client instead of its own 500", async () => {
    const user = await makeUser();
    let last = await via(PORTS.nginx, "echo.gatehouse.test", "/", { headers: { authorization: basic(user.login, "wrong 0") } });
    for (let i = 1; i < 40 && last.status !== 429; i++)
      last = await via(PORTS.nginx, "echo.gatehouse.test", "/", { headers: { authorization: basic(user.login, `wrong ${i}`) } });
    expect(last.status).toBe(429);
    expect(Number(last.headers["retry-after"])).toBeGreaterThan(0);
    expect((await via(PORTS.nginx, "echo.gatehouse.test", "/", { headers: { authorization: "Basic !!!" } })).status).toBe(400);
  });
});
