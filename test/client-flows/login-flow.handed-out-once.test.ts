// Threat: a Login Flow v2 client gets an app password without the user's grant, gets it twice (a replayed or racing poll), after the flow expired, or from a token read out of the database — or the JSON drifts from what Nextcloud-style clients parse.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { decideGrant } from "@/lib/client-flows/grants";
import { matchCodeFor } from "@/lib/client-flows/codes";
import { pendingGrant } from "@/lib/client-flows/grants";
import { db } from "@/lib/db";
import { apiRequest, bearer, read } from "@/test/support/api";
import { META, makeUser } from "@/test/support/factories";
import { randomIPv4 } from "@/test/support/security";
import { poll, startLogin } from "./support";

const grant = (userId: string, pageToken: string, choice: Record<string, unknown> = {}) =>
  decideGrant(userId, "login_flow", pageToken, { grant: true, name: "My laptop sync", ...choice }, META);

describe("Login Flow v2", () => {
  it("starts with exactly { poll: { token, endpoint }, login }", async () => {
    const started = await startLogin();
    expect(started.status).toBe(200);
    expect(Object.keys(started.body!).sort()).toEqual(["login", "poll"]);
    expect(Object.keys(started.flow.poll).sort()).toEqual(["endpoint", "token"]);
    expect(started.flow.poll.endpoint).toBe("http://localhost/api/v1/login/flow/poll");
    expect(started.flow.login).toMatch(/^http:\/\/localhost\/connect\/[A-Za-z0-9_-]{43}$/);
    expect(started.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 404 until granted, then once { server, loginName, appPassword } that works, then 404", async () => {
    const user = await makeUser();
    const { flow, pageToken } = await startLogin();
    expect((await poll(flow.poll.token)).status).toBe(404);
    expect(await grant(user.id, pageToken)).toMatchObject({ ok: true, data: { status: "granted" } });
    const issued = await poll(flow.poll.token);
    expect(issued.status).toBe(200);
    expect(Object.keys(issued.body!).sort()).toEqual(["appPassword", "loginName", "server"]);
    expect(issued.body).toMatchObject({ server: "http://localhost", loginName: user.login });
    const who = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: bearer(String(issued.body!.appPassword)) })));
    expect(who.body).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
    expect((await poll(flow.poll.token)).status).toBe(404);
    expect(await db.authToken.count({ where: { userId: user.id, type: "app_password" } })).toBe(1);
  });

  it("concurrent polls of a granted flow: exactly one gets the password, one app password exists", async () => {
    const user = await makeUser();
    const { flow, pageToken } = await startLogin();
    await grant(user.id, pageToken);
    const answers = await Promise.all(Array.from({ length: 6 }, () => poll(flow.poll.token)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 404)).toHaveLength(5);
    expect(await db.authToken.count({ where: { userId: user.id, type: "app_password" } })).toBe(1);
  });

  it("a declined flow never hands anything out", async () => {
    const user = await makeUser();
    const { flow, pageToken } = await startLogin();
    expect(await decideGrant(user.id, "login_flow", pageToken, { grant: false }, META)).toMatchObject({ ok: true, data: { status: "denied" } });
    expect((await poll(flow.poll.token)).status).toBe(404);
    // Answered once: a later grant of the same page is refused.
    expect(await grant(user.id, pageToken)).toMatchObject({ ok: false, error: "not_found" });
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("lasts 20 minutes: an expired flow can be neither granted nor collected", async () => {
    const user = await makeUser();
    const { pageToken } = await startLogin();
    const row = await db.clientGrant.findFirstOrThrow({ where: { kind: "login_flow" }, orderBy: { createdAt: "desc" } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(20 * 60_000);
    await db.clientGrant.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await pendingGrant("login_flow", pageToken, user.id)).toBeNull();
    expect(await grant(user.id, pageToken)).toMatchObject({ ok: false, error: "not_found" });
    // Granted in time but collected too late: gone as well.
    const second = await startLogin();
    await grant(user.id, second.pageToken);
    await db.clientGrant.updateMany({ where: { pageHash: { not: row.pageHash }, userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await poll(second.flow.poll.token)).status).toBe(404);
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("keeps no token in the database: the poll and page tokens are stored as keyed hashes", async () => {
    const { flow, pageToken } = await startLogin();
    const row = await db.clientGrant.findFirstOrThrow({ where: { kind: "login_flow" }, orderBy: { createdAt: "desc" } });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(flow.poll.token);
    expect(stored).not.toContain(pageToken);
    expect(stored).not.toContain(createHash("sha256").update(flow.poll.token).digest("base64url"));
  });

  it("shows the client's name, address and match code on the grant page; the client can compute the same code", async () => {
    const ip = randomIPv4();
    const { flow, pageToken } = await startLogin({ ip, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", body: "name=Calendar+on+my+laptop" });
    const view = await pendingGrant("login_flow", pageToken, "any-signed-in-user");
    expect(view).toMatchObject({ clientName: "Calendar on my laptop", ip, matchCode: matchCodeFor(flow.poll.token) });
    const digits = String(createHash("sha256").update(flow.poll.token).digest().readUInt32BE(0) % 1_000_000).padStart(6, "0");
    expect(view!.matchCode).toBe(`${digits.slice(0, 3)} ${digits.slice(3)}`);
  });

  it("the user's choice of name, scope and lifetime is what the client gets, and the e-mail says how it was made", async () => {
    const user = await makeUser();
    const { flow, pageToken } = await startLogin();
    await grant(user.id, pageToken, { name: "Renamed", scope: "read_only", expiresInDays: "30" });
    const issued = await poll(flow.poll.token);
    const row = await db.authToken.findFirstOrThrow({ where: { userId: user.id, type: "app_password" } });
    expect(row).toMatchObject({ name: "Renamed", scope: "read_only", ip: META.ip });
    expect(row.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(issued.status).toBe(200);
    const event = await db.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "app_password.created" } });
    expect(JSON.parse(event.details!)).toMatchObject({ via: "login_flow", name: "Renamed" });
  });

  it("a pending flow polled faster than once a second answers 404 like any poll (clients take anything else for an error); the grant goes to the next poll", async () => {
    const user = await makeUser();
    const ip = randomIPv4();
    const { flow, pageToken } = await startLogin({ ip });
    const paced = await poll(flow.poll.token, { ip });
    expect(paced.status).toBe(404);
    // Twelve at once from the same address: more than the unknown-token throttle allows, but a valid token is no guess.
    for (let i = 0; i < 12; i++) {
      const fast = await poll(flow.poll.token, { ip });
      expect(fast.status).toBe(404);
      expect(fast.body).toEqual(paced.body);
      expect(fast.headers.get("retry-after")).toBeNull();
    }
    await grant(user.id, pageToken);
    expect(await poll(flow.poll.token, { ip })).toMatchObject({ status: 200, body: { loginName: user.login } });
    expect((await poll(flow.poll.token, { ip })).status).toBe(404);
  });

  it("guessing poll tokens is throttled per address", async () => {
    const ip = randomIPv4();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await poll(`guess-${i}`, { ip })).status);
    expect(statuses).toContain(429);
    // Another address is not slowed by it.
    expect((await poll("guess-x", { ip: randomIPv4() })).status).toBe(404);
  }, 60_000);

  it("hostile input is a 4xx, never a 500", async () => {
    const { formRequest } = await import("./support");
    const { POST: pollRoute } = await import("@/app/api/v1/login/flow/poll/route");
    const { POST: startRoute } = await import("@/app/api/v1/login/flow/route");
    for (const [body, type] of [
      ["", undefined],
      ["token=", undefined],
      ["{not json", "application/json"],
      ["[1,2]", "application/json"],
      ['{"token":{"$gt":""}}', "application/json"],
      [`token=${"a".repeat(10_000)}`, undefined],
      ["token=%E0%A4%A", undefined],
    ] as const) {
      const res = await pollRoute(formRequest("/api/v1/login/flow/poll", body, { type, ip: randomIPv4() }));
      expect(res.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, body.slice(0, 40)).toBeLessThan(500);
    }
    for (const body of ['{"name":"\u0000\u202e"}', `name=${"n".repeat(9000)}`, "[]"]) {
      const res = await startRoute(formRequest("/api/v1/login/flow", body, { type: body.startsWith("n") ? undefined : "application/json" }));
      expect(res.status).toBeLessThan(500);
    }
  });
});
