// Threat: an app password given to one app's client (the calendar on a phone) is taken and used on another protected app (the file share).
import { describe, expect, it } from "vitest";
import { removeApp } from "@/lib/apps/protected-apps";
import { basic, bearer } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";
import { ask, makeApp } from "./support";

describe("verify endpoints: app passwords limited to some apps", () => {
  it("a password for app A works on A and gets 403 on B, on both endpoints; an unscoped one works on both", async () => {
    const [a, b] = [await makeApp(), await makeApp()];
    const user = await makeUser();
    const forA = await makeAppPassword(user.id, { apps: [a.name] });
    const any = await makeAppPassword(user.id);
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      for (const authorization of [basic(user.login, forA.secret), bearer(forA.secret)]) {
        expect((await ask(endpoint, { url: a.url, method: "PROPFIND", authorization })).status).toBe(200);
        const other = await ask(endpoint, { url: `${b.url}/files/`, method: "PROPFIND", authorization });
        expect(other.status).toBe(403);
        expect(other.headers["Remote-User"]).toBeUndefined();
      }
      expect((await ask(endpoint, { url: b.url, authorization: bearer(any.secret) })).status).toBe(200);
    }
  });

  it("an app removed and added again under the same name is not reached by a password for the old one", async () => {
    const a = await makeApp();
    const user = await makeUser();
    const forA = await makeAppPassword(user.id, { apps: [a.name] });
    expect((await removeApp(a.name, "test")).ok).toBe(true);
    const again = await makeApp({ name: a.name });
    expect((await ask("auth-request", { url: again.url, authorization: bearer(forA.secret) })).status).toBe(403);
  });

  it("clients none refuses every app password and the login password, but lets a browser session in", async () => {
    const app = await makeApp({ clients: "none" });
    const user = await makeUser();
    const password = await makeAppPassword(user.id, { apps: [app.name] });
    for (const authorization of [bearer(password.secret), basic(user.login, password.secret), basic(user.login, user.password)]) {
      expect((await ask("auth-request", { url: app.url, authorization })).status).toBe(403);
    }
  });
});
