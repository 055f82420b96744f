// Threat: the settings page's "Connect a device" QR flow hands out a password nobody reviewed, shows the grant page without the device that actually asked, or lets another account follow (or learn about) someone's flow.
import { describe, expect, it } from "vitest";
import { decideGrant, grantStatus, pendingGrant } from "@/lib/client-flows/grants";
import { startConnectFlow } from "@/lib/client-flows/login-flow";
import { db } from "@/lib/db";
import { META, makeUser } from "@/test/support/factories";
import { randomIPv4 } from "@/test/support/security";
import { poll } from "./support";

describe("Connect a device (QR code on the settings page)", () => {
  it("the first poll names the device; the owner reviews and grants; the phone collects once", async () => {
    const owner = await makeUser();
    const started = await startConnectFlow("http://localhost", owner.id);
    if (!started.ok) throw new Error(started.message);
    const { id, uri, review } = started.data;
    const [, token] = /^gatehouse:\/\/login-flow\/token:([A-Za-z0-9_-]{43})&server:http:\/\/localhost$/.exec(uri)!;
    const pageToken = review.split("/connect/")[1]!;
    expect(await grantStatus(owner.id, id)).toEqual({ status: "pending", device: null, ip: null });

    const phone = randomIPv4();
    expect((await poll(token!, { ip: phone })).status).toBe(404);
    expect(await grantStatus(owner.id, id)).toMatchObject({ status: "pending", ip: phone });
    expect(await pendingGrant("login_flow", pageToken)).toMatchObject({ ip: phone, clientName: "Device connected by QR code" });
    // Polled, not granted: nothing was created.
    expect(await db.authToken.count({ where: { userId: owner.id } })).toBe(0);

    await decideGrant(owner.id, "login_flow", pageToken, { grant: true, name: "My phone" }, META);
    await db.clientGrant.update({ where: { id }, data: { lastPolledAt: null } });
    const issued = await poll(token!, { ip: phone });
    expect(issued).toMatchObject({ status: 200, body: { loginName: owner.login } });
    expect(await grantStatus(owner.id, id)).toMatchObject({ status: "delivered" });
    expect((await poll(token!, { ip: phone })).status).toBe(404);
  });

  it("another account cannot follow the flow", async () => {
    const owner = await makeUser();
    const stranger = await makeUser();
    const started = await startConnectFlow("http://localhost", owner.id);
    if (!started.ok) throw new Error(started.message);
    expect(await grantStatus(stranger.id, started.data.id)).toBeNull();
    expect(await grantStatus(owner.id, "no-such-id")).toBeNull();
  });
});
