// Threat: a read-only app password (a phone's calendar sync, a backup script) is used to write, move or delete through the proxy.
import { describe, expect, it } from "vitest";
import { basic, bearer } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";
import { ask, makeApp } from "./support";

const READS = ["GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT"];
const WRITES = ["PUT", "POST", "DELETE", "PATCH", "PROPPATCH", "MKCOL", "MKCALENDAR", "COPY", "MOVE", "LOCK", "UNLOCK", "ACL"];

describe("verify endpoints: read-only", () => {
  it("a read-only app password reads (GET HEAD OPTIONS PROPFIND REPORT) and every write gets 403, on both endpoints", async () => {
    const app = await makeApp();
    const user = await makeUser();
    const ro = await makeAppPassword(user.id, { scope: "read_only" });
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      for (const authorization of [basic(user.login, ro.secret), bearer(ro.secret)]) {
        for (const method of READS) expect((await ask(endpoint, { url: `${app.url}/cal/`, method, authorization })).status, method).toBe(200);
        for (const method of WRITES) {
          const answer = await ask(endpoint, { url: `${app.url}/cal/event.ics`, method, authorization });
          expect(answer.status, method).toBe(403);
          expect(answer.headers["Remote-User"]).toBeUndefined();
        }
      }
    }
  });

  it("an app whose clients are read_only turns a full app password read-only there, and only there", async () => {
    const ro = await makeApp({ clients: "read_only" });
    const rw = await makeApp();
    const user = await makeUser();
    const full = await makeAppPassword(user.id);
    const authorization = bearer(full.secret);
    expect((await ask("auth-request", { url: ro.url, method: "PROPFIND", authorization })).status).toBe(200);
    expect((await ask("auth-request", { url: ro.url, method: "PUT", authorization })).status).toBe(403);
    expect((await ask("auth-request", { url: rw.url, method: "PUT", authorization })).status).toBe(200);
  });
});
