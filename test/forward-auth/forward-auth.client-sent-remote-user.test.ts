// Threat: a client sends its own `Remote-User: admin` (or Remote-Groups: admins) hoping the verify answer or the app takes it as the signed-in user.
import { describe, expect, it } from "vitest";
import { bearer } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";
import { ask, makeApp } from "./support";

const FORGED = { "Remote-User": "admin", "Remote-Groups": "admins", "Remote-Name": "Admin", "Remote-Email": "admin@example.org", "X-Remote-User": "admin" };

describe("verify endpoints: client-sent Remote-* headers", () => {
  it("never count as credentials: no other credentials → 401, never 200 as admin", async () => {
    const app = await makeApp();
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      const answer = await ask(endpoint, { url: app.url, method: "PROPFIND", headers: FORGED });
      expect(answer.status).toBe(401);
      expect(answer.headers["Remote-User"]).toBeUndefined();
    }
  });

  it("never reach the answer: the signed-in user's own values replace them", async () => {
    const app = await makeApp();
    const user = await makeUser();
    const password = await makeAppPassword(user.id);
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      const answer = await ask(endpoint, { url: app.url, authorization: bearer(password.secret), headers: FORGED });
      expect(answer.status).toBe(200);
      expect(answer.headers["Remote-User"]).toBe(user.login);
      expect(answer.headers["Remote-Groups"]).toBe("");
      expect(answer.headers["Remote-Email"]).toBeUndefined();
    }
  });
});
