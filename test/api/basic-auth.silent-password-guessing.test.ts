// Threat: guessing a login password through the client API (Basic) leaves no trace in the security log — nor may a flood of guesses fill it.
import { describe, expect, it } from "vitest";
import { POST as createAppPassword } from "@/app/api/v1/app-password/route";
import { GET as me } from "@/app/api/v1/me/route";
import { throttlePolicy } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { apiRequest, basic, read } from "@/test/support/api";
import { makeUser } from "@/test/support/factories";
import { client } from "@/test/support/security";

const failures = (where: { userId?: string | null; ip?: string }) => db.securityEvent.findMany({ where: { type: "sign_in.failed", ...where } });

describe("failed password checks on the API", () => {
  it("logs a wrong login password, with the address and user agent, on the account's security log", async () => {
    const user = await makeUser();
    const { ip } = client();
    const res = await read(await me(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, "not the password"), ip: ip!, userAgent: "curl/8.5" })));
    expect(res.status).toBe(401);
    const [event, ...more] = await failures({ userId: user.id });
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({ ip, userAgent: "curl/8.5" });
    expect(JSON.parse(event!.details!)).toEqual({ via: "api", reason: "wrong_password" });
    expect(event!.details).not.toContain("not the password");
  });

  it("logs a wrong login password sent to the app-password exchange", async () => {
    const user = await makeUser();
    const { ip } = client();
    await createAppPassword(apiRequest("POST", "/api/v1/app-password", { authorization: basic(user.login, "wrong again"), ip: ip! }));
    expect(await failures({ userId: user.id })).toHaveLength(1);
  });

  it("logs a guess at a login that does not exist without naming it", async () => {
    const { ip } = client();
    await me(apiRequest("GET", "/api/v1/me", { authorization: basic("no-such-user-here", "guess"), ip: ip! }));
    const [event] = await failures({ ip: ip! });
    expect(event).toMatchObject({ userId: null });
    expect(JSON.parse(event!.details!)).toEqual({ via: "api", reason: "unknown_login" });
  });

  it("writes no more rows than the throttle lets passwords be checked: 300 guesses from one address, at most its 10", async () => {
    const user = await makeUser();
    const { ip } = client();
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      statuses.push((await me(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, `guess ${i}`), ip: ip! }))).status);
    }
    const checked = statuses.filter((s) => s === 401).length;
    expect(statuses.filter((s) => s === 429).length).toBe(300 - checked);
    expect(checked).toBeGreaterThan(0);
    // Real time passes here, so a short wait may run out between requests; the block after 10 does not (15 minutes).
    expect(checked).toBeLessThanOrEqual(throttlePolicy().maxFailures);
    expect(await failures({ userId: user.id })).toHaveLength(checked);
  });
});
