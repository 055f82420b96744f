// Threat: a token secret (or its hash) leaks through an API response, a listing or the log — anywhere but the one-time reveal.
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/app-password/route";
import { GET } from "@/app/api/v1/me/route";
import { listDevices } from "@/lib/auth/devices";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { apiRequest, basic, bearer, read, sessionCookie } from "@/test/support/api";
import { cli } from "@/test/support/cli";
import { makeAppPassword, makeSession, makeUser } from "@/test/support/factories";

async function secretsOf(userId: string, sid: string, appSecret: string) {
  const hashes = (await db.authToken.findMany({ where: { userId }, select: { hash: true } })).map((r) => r.hash);
  return [sid, appSecret, appSecret.replaceAll("-", ""), ...hashes];
}

function expectNone(text: string, secrets: string[]) {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe("token secrets", () => {
  it("are stored only as keyed hashes", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    const row = await db.authToken.findUniqueOrThrow({ where: { id: app.id } });
    expect(row.hash).toBe(hashSecret(app.secret));
    expect(JSON.stringify(row)).not.toContain(app.secret);
  });

  it("never appear in GET /api/v1/me, by session, app password or login password", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const app = await makeAppPassword(user.id);
    const secrets = await secretsOf(user.id, sid, app.secret);
    for (const options of [{ cookie: await sessionCookie(sid) }, { authorization: bearer(app.secret) }, { authorization: basic(user.login, user.password) }]) {
      const res = await read(await GET(apiRequest("GET", "/api/v1/me", options)));
      expect(res.status).toBe(200);
      expectNone(res.text, [...secrets, user.password]);
    }
  });

  it("never appear in the devices listing (what the security page renders) or the CLI", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const app = await makeAppPassword(user.id);
    const secrets = await secretsOf(user.id, sid, app.secret);
    const devices = await listDevices(user.id);
    expect(devices).toHaveLength(2);
    expectNone(JSON.stringify(devices), secrets);
    for (const device of devices)
      expect(Object.keys(device).sort()).toEqual([
        "client",
        "createdAt",
        "current",
        "expiresAt",
        "id",
        "ip",
        "lastActivity",
        "methods",
        "name",
        "scope",
        "type",
        "unused",
      ]);
    const listed = cli(["token:list", user.login, "--json"]);
    expect(listed.code).toBe(0);
    expectNone(listed.stdout, secrets);
  });

  it("the exchange returns the new app password once, and nothing else secret", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const older = await makeAppPassword(user.id);
    const res = await read(
      await POST(apiRequest("POST", "/api/v1/app-password", { authorization: basic(user.login, user.password), body: '{"name":"Sync"}' })),
    );
    expect(res.status).toBe(201);
    const fresh = String(res.body?.appPassword);
    const secrets = (await secretsOf(user.id, sid, older.secret)).filter((s) => s !== hashSecret(fresh));
    expectNone(res.text, [...secrets, user.password]);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("never appear in the security log", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    const events = await db.securityEvent.findMany({ where: { userId: user.id } });
    expect(events.length).toBeGreaterThan(0);
    expectNone(JSON.stringify(events), [app.secret, hashSecret(app.secret)]);
  });
});
