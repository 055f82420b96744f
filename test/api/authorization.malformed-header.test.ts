// Threat: a malformed Authorization header crashes the server (500) or is mistaken for valid credentials.
import { describe, expect, it } from "vitest";
import { DELETE, POST } from "@/app/api/v1/app-password/route";
import { GET } from "@/app/api/v1/me/route";
import { parseAuthorization } from "@/lib/auth/authorization";
import { db } from "@/lib/db";
import { apiRequest, basic, read } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";

const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString("base64");

const CASES: [string, string, number][] = [
  ["bad base64", "Basic %%%not-base64%%%", 400],
  ["base64 with a bad length", "Basic QUJDREV", 400],
  ["no colon", `Basic ${b64("justalogin")}`, 400],
  ["empty login", `Basic ${b64(":secret")}`, 400],
  ["empty password", `Basic ${b64("login:")}`, 400],
  ["both empty", `Basic ${b64(":")}`, 400],
  ["Basic without credentials", "Basic", 400],
  ["Bearer without a token", "Bearer ", 400],
  ["Bearer with spaces inside", "Bearer abc def", 400],
  ["non-UTF-8 credentials", `Basic ${b64(Buffer.from([0x61, 0x3a, 0xff, 0xfe, 0xc3]))}`, 400],
  ["100 kB header", `Basic ${"A".repeat(100_000)}`, 400],
  ["unknown scheme", 'Digest username="x", realm="Gatehouse"', 401],
  ["just garbage", "garbage", 401],
  ["empty header", "", 401],
  ["unknown login, unknown password", basic("nobody-at-all", "whatever"), 401],
  ["a login of control characters", basic("\u0001\u0002", "whatever"), 401],
  ["a 2000-character password", basic("someone", "p".repeat(2000)), 401],
  ["an unknown bearer token", "Bearer ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ", 401],
];

describe("malformed Authorization headers", () => {
  it.each(CASES)("%s → %i with a JSON error, never 500", async (_name, authorization, status) => {
    for (const handler of [GET, POST, DELETE]) {
      const method = handler === GET ? "GET" : handler === POST ? "POST" : "DELETE";
      const res = await read(await handler(apiRequest(method, method === "GET" ? "/api/v1/me" : "/api/v1/app-password", { authorization })));
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: expect.any(String), message: expect.any(String) });
      if (status === 401) expect(res.headers.get("www-authenticate")).toBe('Basic realm="Gatehouse"');
      if (authorization.length > 12) expect(res.text).not.toContain(authorization.slice(-12));
    }
  });

  it("changes nothing: no token is created or revoked by a refused request", async () => {
    const user = await makeUser();
    await makeAppPassword(user.id);
    const before = await db.authToken.count();
    for (const [, authorization] of CASES) {
      await POST(apiRequest("POST", "/api/v1/app-password", { authorization }));
      await DELETE(apiRequest("DELETE", "/api/v1/app-password", { authorization }));
    }
    expect(await db.authToken.count()).toBe(before);
  });

  it("parses well-formed headers exactly (scheme case-insensitive, colon in the password kept)", () => {
    expect(parseAuthorization(basic("alice", "pa:ss wörd"))).toEqual({ ok: true, credentials: { scheme: "basic", login: "alice", secret: "pa:ss wörd" } });
    expect(parseAuthorization(`bAsIc ${b64("alice:pw")}`)).toMatchObject({ ok: true, credentials: { login: "alice", secret: "pw" } });
    expect(parseAuthorization("bearer abc")).toEqual({ ok: true, credentials: { scheme: "bearer", secret: "abc" } });
  });
});
