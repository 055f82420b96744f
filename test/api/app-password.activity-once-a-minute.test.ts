// Threat: a busy client turns every API call into a database write (or a wait on one) — or its activity and address are never recorded.
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/me/route";
import { ACTIVITY_WRITE_INTERVAL } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { apiRequest, bearer } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
const row = (id: number) => db.authToken.findUniqueOrThrow({ where: { id }, select: { ip: true, userAgent: true, lastActivity: true } });

describe("app password activity", () => {
  it("records the address and client on first use, then at most once a minute", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    expect((await row(app.id)).ip).toBeNull();

    await GET(apiRequest("GET", "/api/v1/me", { authorization: bearer(app.secret), ip: "192.0.2.1", userAgent: "Thunderbird/140" }));
    await settle();
    const first = await row(app.id);
    expect(first).toMatchObject({ ip: "192.0.2.1", userAgent: "Thunderbird/140" });

    // Within the minute: no write, whatever changes.
    await GET(apiRequest("GET", "/api/v1/me", { authorization: bearer(app.secret), ip: "192.0.2.2" }));
    await settle();
    expect(await row(app.id)).toEqual(first);

    // A minute later: written again.
    await db.authToken.update({ where: { id: app.id }, data: { lastActivity: new Date(Date.now() - ACTIVITY_WRITE_INTERVAL - 1000) } });
    await GET(apiRequest("GET", "/api/v1/me", { authorization: bearer(app.secret), ip: "192.0.2.3" }));
    await settle();
    const later = await row(app.id);
    expect(later.ip).toBe("192.0.2.3");
    expect(later.lastActivity.getTime()).toBeGreaterThan(Date.now() - 5000);
  });
});
