// Threat: the user grants a client access to one protected app (or read-only) on the grant page, and the app password the client collects reaches every app (or writes).
import { describe, expect, it } from "vitest";
import { decideGrant, type Decision, type GrantKind } from "@/lib/client-flows/grants";
import { db } from "@/lib/db";
import { basic, bearer } from "@/test/support/api";
import { META, makeUser } from "@/test/support/factories";
import { ask, makeApp } from "@/test/forward-auth/support";
import { poll, startDevice, startLogin, token } from "./support";

type Choice = Omit<Extract<Decision, { grant: true }>, "grant">;

/** Starts a flow of `kind`, grants it with `choice` and collects the app password as the client does. */
async function grantedPassword(kind: GrantKind, userId: string, choice: Choice): Promise<string> {
  if (kind === "login_flow") {
    const { flow, pageToken } = await startLogin();
    expect(await decideGrant(userId, kind, pageToken, { grant: true, ...choice }, META)).toMatchObject({ ok: true });
    const issued = await poll(flow.poll.token);
    expect(issued.status).toBe(200);
    return String(issued.body!.appPassword);
  }
  const started = (await startDevice()).body as { device_code: string; user_code: string };
  expect(await decideGrant(userId, kind, started.user_code.replace("-", ""), { grant: true, ...choice }, META)).toMatchObject({ ok: true });
  const issued = await token(started.device_code);
  expect(issued.status).toBe(200);
  return String(issued.body!.access_token);
}

describe.each(["login_flow", "device"] as const)("a grant's choice of apps and scope (%s)", (kind) => {
  it("the collected app password reaches only the chosen apps: allowed there, 403 on another, on both endpoints", async () => {
    const [a, b, other] = [await makeApp(), await makeApp(), await makeApp()];
    const user = await makeUser();
    const secret = await grantedPassword(kind, user.id, { name: "Calendar", apps: [a.name, b.name] });
    const row = await db.authToken.findFirstOrThrow({ where: { userId: user.id, type: "app_password" } });
    expect(JSON.parse(row.apps!).sort()).toEqual([a.id, b.id].sort());
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      for (const authorization of [bearer(secret), basic(user.login, secret)]) {
        for (const chosen of [a, b]) expect((await ask(endpoint, { url: `${chosen.url}/cal/`, method: "PROPFIND", authorization })).status).toBe(200);
        const refused = await ask(endpoint, { url: `${other.url}/files/`, method: "PROPFIND", authorization });
        expect(refused.status).toBe(403);
        expect(refused.headers["Remote-User"]).toBeUndefined();
      }
    }
  });

  it("read-only on one app: reads there, every write 403, and nothing at all on another app", async () => {
    const [a, other] = [await makeApp(), await makeApp()];
    const user = await makeUser();
    const secret = await grantedPassword(kind, user.id, { name: "Backup", scope: "read_only", apps: [a.name] });
    const authorization = bearer(secret);
    expect((await ask("auth-request", { url: `${a.url}/cal/`, method: "REPORT", authorization })).status).toBe(200);
    for (const method of ["PUT", "DELETE", "MOVE"]) {
      expect((await ask("auth-request", { url: `${a.url}/cal/event.ics`, method, authorization })).status, method).toBe(403);
    }
    expect((await ask("auth-request", { url: other.url, method: "GET", authorization })).status).toBe(403);
  });

  it("without a choice of apps, the password reaches every app (the chosen list above is the limit, not a default)", async () => {
    const [a, b] = [await makeApp(), await makeApp()];
    const user = await makeUser();
    const secret = await grantedPassword(kind, user.id, { name: "Everything" });
    for (const app of [a, b]) expect((await ask("forward-auth", { url: app.url, method: "PUT", authorization: bearer(secret) })).status).toBe(200);
  });
});
