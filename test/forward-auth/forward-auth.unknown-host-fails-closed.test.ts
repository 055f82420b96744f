// Threat: a host (or a path, or a port) that no protected app covers is let through because nothing said no — a new vhost, a typo, a second port.
import { describe, expect, it } from "vitest";
import { bearer, sessionCookie } from "@/test/support/api";
import { makeAppPassword, makeSession, makeUser } from "@/test/support/factories";
import { ask, BROWSER, makeApp } from "./support";

describe("verify endpoints: no protected app covers the address", () => {
  it("refuses with 403 on both endpoints, even with a valid session or app password", async () => {
    const app = await makeApp({ url: `https://cal-${Date.now()}.gatehouse.test/dav` });
    const user = await makeUser();
    const cookie = await sessionCookie(await makeSession(user.id));
    const password = await makeAppPassword(user.id);
    const host = new URL(app.url).host;
    const uncovered = [
      `https://other.gatehouse.test/`,
      `https://${host}/`, // same host, outside the path prefix
      `https://${host}/davx`, // a prefix only on a segment boundary
      `http://${host}/dav`, // another scheme
      `https://${host}:8443/dav`, // another port
      `https://x.${host}/dav`, // a subdomain
    ];
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      for (const url of uncovered) {
        for (const creds of [{ cookie, accept: BROWSER }, { authorization: bearer(password.secret) }, {}]) {
          const answer = await ask(endpoint, { url, ...creds });
          expect(answer.status, `${endpoint} ${url}`).toBe(403);
          expect(answer.headers["Remote-User"]).toBeUndefined();
        }
      }
      expect((await ask(endpoint, { url: `https://${host}/dav/x`, cookie })).status).toBe(200);
    }
  });
});
