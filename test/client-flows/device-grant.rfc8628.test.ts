// Threat: a device gets an app password the user never granted (guessed user code, replayed or racing device_code, expired grant), polls harder than allowed, or a client breaks on error codes that differ from RFC 8628.
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { USER_CODE_ALPHABET } from "@/lib/client-flows/codes";
import { findDeviceGrant } from "@/lib/client-flows/device-grant";
import { decideGrant } from "@/lib/client-flows/grants";
import { db } from "@/lib/db";
import { apiRequest, bearer, read } from "@/test/support/api";
import { META, makeUser } from "@/test/support/factories";
import { fakeClock, randomIPv4 } from "@/test/support/security";
import { formRequest, startDevice, token } from "./support";

type Authorization = {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
};

async function device(options: { ip?: string } = {}) {
  const res = await startDevice(options);
  return res.body as Authorization;
}

/** The device waited its interval (no real sleeping): its last poll moves back in time. */
async function waited(id: string) {
  await db.clientGrant.update({ where: { id }, data: { lastPolledAt: new Date(Date.now() - 61_000) } });
}

const code = (a: Authorization) => a.user_code.replace("-", "");

describe("RFC 8628 device authorization grant", () => {
  it("POST /api/v1/device/code answers exactly the six fields, the user code as XXXX-XXXX from 20 unambiguous letters", async () => {
    const res = await startDevice();
    expect(res.status).toBe(200);
    expect(Object.keys(res.body!).sort()).toEqual(["device_code", "expires_in", "interval", "user_code", "verification_uri", "verification_uri_complete"]);
    const a = res.body as Authorization;
    expect(USER_CODE_ALPHABET).toHaveLength(20);
    expect(USER_CODE_ALPHABET).not.toMatch(/[AEIOUY01]/);
    expect(a.user_code).toMatch(new RegExp(`^[${USER_CODE_ALPHABET}]{4}-[${USER_CODE_ALPHABET}]{4}$`));
    expect(a).toMatchObject({ expires_in: 900, interval: 5, verification_uri: "http://localhost/device" });
    expect(a.verification_uri_complete).toBe(`http://localhost/device?user_code=${a.user_code}`);
    expect(a.device_code.length).toBeGreaterThanOrEqual(43);
  });

  it("authorization_pending, slow_down (+5 s) when polled faster, then the Bearer app password once, then invalid_grant", async () => {
    const user = await makeUser();
    const a = await device();
    expect(await token(a.device_code)).toMatchObject({ status: 400, body: { error: "authorization_pending" } });
    expect(await token(a.device_code)).toMatchObject({ status: 400, body: { error: "slow_down" } });
    const row = await db.clientGrant.findFirstOrThrow({ where: { kind: "device" }, orderBy: { createdAt: "desc" } });
    expect(row.interval).toBe(10);
    await waited(row.id);
    expect(await token(a.device_code)).toMatchObject({ status: 400, body: { error: "authorization_pending" } });

    const found = await findDeviceGrant(user.id, a.user_code.toLowerCase(), META);
    expect(found).toMatchObject({ ok: true, code: code(a) });
    await decideGrant(user.id, "device", code(a), { grant: true, name: "Living-room TV", scope: "read_only" }, META);
    const issued = await token(a.device_code);
    expect(issued.status).toBe(200);
    expect(Object.keys(issued.body!).sort()).toEqual(["access_token", "token_type"]);
    expect(issued.body!.token_type).toBe("Bearer");
    expect(issued.headers.get("cache-control")).toBe("no-store");
    const who = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: bearer(String(issued.body!.access_token)) })));
    expect(who.body).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
    expect(await token(a.device_code)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const made = await db.authToken.findFirstOrThrow({ where: { userId: user.id, type: "app_password" } });
    expect(made).toMatchObject({ name: "Living-room TV", scope: "read_only" });
    const event = await db.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "app_password.created" } });
    expect(JSON.parse(event.details!)).toMatchObject({ via: "device" });
  });

  it("concurrent token requests of a granted code: one access_token, one app password", async () => {
    const user = await makeUser();
    const a = await device();
    await decideGrant(user.id, "device", code(a), { grant: true, name: "CLI" }, META);
    const answers = await Promise.all(Array.from({ length: 6 }, () => token(a.device_code)));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.body?.error === "invalid_grant")).toHaveLength(5);
    expect(await db.authToken.count({ where: { userId: user.id, type: "app_password" } })).toBe(1);
  });

  it("access_denied when the user declines; expired_token after 15 minutes", async () => {
    const user = await makeUser();
    const declined = await device();
    await decideGrant(user.id, "device", code(declined), { grant: false }, META);
    expect(await token(declined.device_code)).toMatchObject({ status: 400, body: { error: "access_denied" } });

    const late = await device();
    const row = await db.clientGrant.findFirstOrThrow({ where: { kind: "device" }, orderBy: { createdAt: "desc" } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(900_000);
    await db.clientGrant.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await token(late.device_code)).toMatchObject({ status: 400, body: { error: "expired_token" } });
    expect(await findDeviceGrant(user.id, late.user_code, META)).toMatchObject({ ok: false });
    expect(await decideGrant(user.id, "device", code(late), { grant: true, name: "x" }, META)).toMatchObject({ ok: false, error: "not_found" });
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("the token endpoint's malformed requests get RFC error codes, never a 500", async () => {
    const { POST } = await import("@/app/api/v1/device/token/route");
    expect(await token("x", { grantType: "password" })).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
    expect(await token("never-issued")).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    for (const [body, type] of [
      ["", undefined],
      ["grant_type=urn:ietf:params:oauth:grant-type:device_code", undefined],
      ['{"grant_type":["a"],"device_code":{}}', "application/json"],
      ["{broken", "application/json"],
      [`device_code=${"d".repeat(9000)}`, undefined],
    ] as const) {
      const res = await read(await POST(formRequest("/api/v1/device/token", body, { type, ip: randomIPv4() })));
      expect(res.status, body.slice(0, 40)).toBe(400);
      expect(["invalid_request", "unsupported_grant_type"]).toContain(res.body?.error);
    }
  });

  it("wrong user codes are throttled per address: the 20^8 space cannot be searched", async () => {
    const user = await makeUser();
    const a = await device();
    const clock = fakeClock();
    const meta = { ...META, ip: randomIPv4() };
    let refused = 0;
    for (let i = 0; i < 15; i++) {
      const result = await findDeviceGrant(user.id, "BBBB-BBBB", meta, { clock });
      if (!result.ok && "retryAfter" in result) refused++;
    }
    expect(refused).toBeGreaterThan(0);
    // Even the right code is refused from that address now.
    expect(await findDeviceGrant(user.id, a.user_code, meta, { clock })).toMatchObject({ ok: false, error: "too_many_requests" });
    // From another address the owner still gets through.
    expect(await findDeviceGrant(user.id, a.user_code, { ...META, ip: randomIPv4() }, { clock })).toMatchObject({ ok: true });
  });

  it("wrong user codes are throttled per account: many addresses cannot share out the search", async () => {
    const user = await makeUser();
    const a = await device();
    const clock = fakeClock();
    // Five wrong codes from each of six addresses (each under its own limit)...
    for (let n = 0; n < 6; n++) {
      const meta = { ...META, ip: randomIPv4() };
      for (let i = 0; i < 5; i++) await findDeviceGrant(user.id, "CCCC-CCCC", meta, { clock });
    }
    // ...and the account itself now makes a stranger wait: refused at once, not checked.
    const fresh = await findDeviceGrant(user.id, a.user_code, { ...META, ip: randomIPv4() }, { clock });
    expect(fresh).toMatchObject({ ok: false, error: "too_many_requests" });
  });
});
