// Threat: the settings page's "Connect a device" QR flow hands out a password nobody reviewed, shows the grant page without the device that actually asked, or lets another account (one that photographed the QR code) follow, see, answer or mark someone's flow.
import { describe, expect, it } from "vitest";
import { decideGrant, grantStatus, NOT_ASKED_YET, noteGrantOpened, pendingGrant } from "@/lib/client-flows/grants";
import { grantPageView } from "@/lib/dal/client-grants";
import { startConnectFlow } from "@/lib/client-flows/login-flow";
import { db } from "@/lib/db";
import { META, makeUser } from "@/test/support/factories";
import { randomIPv4 } from "@/test/support/security";
import { poll, referenceClient } from "./support";

const PHONE_BROWSER = "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36";

/** A connect flow for `ownerId`, as the phone app reads it from the QR code. */
async function connect(ownerId: string) {
  const started = await startConnectFlow("http://localhost", ownerId);
  if (!started.ok) throw new Error(started.message);
  const scanned = (await referenceClient()).parseConnectUri(started.data.uri);
  if (!scanned) throw new Error(`the reference client cannot read ${started.data.uri}`);
  const pageToken = new URL(scanned.login).pathname.split("/connect/")[1]!;
  return { ...started.data, ...scanned, pageToken };
}

describe("Connect a device (QR code on the settings page)", () => {
  it("the QR code carries the server, the poll token and a login URL without the poll token, which opens this flow's grant page", async () => {
    const owner = await makeUser();
    const flow = await connect(owner.id);
    expect(flow.server).toBe("http://localhost");
    expect(flow.login).toBe(`http://localhost${flow.review}`);
    expect(flow.login).not.toContain(flow.token);
    expect(flow.pageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await pendingGrant("login_flow", flow.pageToken, owner.id)).toMatchObject({ id: flow.id, matchCode: flow.matchCode });
    expect((await referenceClient()).matchCode(flow.token)).toBe(flow.matchCode);
  });

  it("the first poll names the device; the owner reviews from the settings page and grants; the phone collects once", async () => {
    const owner = await makeUser();
    const { id, token, pageToken } = await connect(owner.id);
    expect(await grantStatus(owner.id, id)).toEqual({ status: "pending", device: null, ip: null, opened: null });

    const phone = randomIPv4();
    expect((await poll(token, { ip: phone })).status).toBe(404);
    expect(await grantStatus(owner.id, id)).toMatchObject({ status: "pending", ip: phone, opened: null });
    expect(await pendingGrant("login_flow", pageToken, owner.id)).toMatchObject({ ip: phone, clientName: "Device connected by QR code" });
    // Polled, not granted: nothing was created.
    expect(await db.authToken.count({ where: { userId: owner.id } })).toBe(0);

    await decideGrant(owner.id, "login_flow", pageToken, { grant: true, name: "My phone" }, META);
    const issued = await poll(token, { ip: phone });
    expect(issued).toMatchObject({ status: 200, body: { loginName: owner.login } });
    expect(await grantStatus(owner.id, id)).toMatchObject({ status: "delivered" });
    expect((await poll(token, { ip: phone })).status).toBe(404);
  });

  it("the phone's browser opens the login URL: the settings page sees that browser, and the grant made there reaches the app", async () => {
    const owner = await makeUser();
    const { id, token, pageToken } = await connect(owner.id);
    const phone = randomIPv4();
    await noteGrantOpened(id, owner.id, { ip: phone, userAgent: PHONE_BROWSER });
    expect(await grantStatus(owner.id, id)).toEqual({
      status: "pending",
      device: null,
      ip: null,
      opened: { device: expect.stringContaining("Android"), ip: phone },
    });

    expect((await poll(token, { ip: phone })).status).toBe(404);
    expect(await decideGrant(owner.id, "login_flow", pageToken, { grant: true, name: "Phone" }, { ip: phone, userAgent: PHONE_BROWSER })).toMatchObject({
      ok: true,
      data: { status: "granted" },
    });
    expect(await grantStatus(owner.id, id)).toMatchObject({ status: "granted" });
    expect(await poll(token, { ip: phone })).toMatchObject({ status: 200, body: { loginName: owner.login } });
    expect(await grantStatus(owner.id, id)).toMatchObject({ status: "delivered" });
    // Answered: opening the page again changes nothing.
    await noteGrantOpened(id, owner.id, { ip: randomIPv4(), userAgent: null });
    expect((await grantStatus(owner.id, id))?.opened?.ip).toBe(phone);
  });

  it("cannot be granted before the app has asked (no device or address to review): the page waits, the grant is refused, declining still works", async () => {
    const owner = await makeUser();
    const { id, token, pageToken } = await connect(owner.id);
    const early = await decideGrant(owner.id, "login_flow", pageToken, { grant: true, name: "Phone" }, META);
    expect(early).toMatchObject({ ok: false, error: "invalid_input", message: NOT_ASKED_YET });
    expect(await grantStatus(owner.id, id)).toMatchObject({ status: "pending" });
    expect(await db.authToken.count({ where: { userId: owner.id } })).toBe(0);
    expect(grantPageView((await pendingGrant("login_flow", pageToken, owner.id))!, META.ip)).toMatchObject({ waitingForApp: true, addressDiffers: false });

    expect((await poll(token, { ip: randomIPv4() })).status).toBe(404);
    expect(grantPageView((await pendingGrant("login_flow", pageToken, owner.id))!, META.ip)).toMatchObject({ waitingForApp: false, addressDiffers: true });
    expect(await decideGrant(owner.id, "login_flow", pageToken, { grant: true, name: "Phone" }, META)).toMatchObject({ ok: true });

    const other = await connect(owner.id);
    expect(await decideGrant(owner.id, "login_flow", other.pageToken, { grant: false }, META)).toMatchObject({ ok: true, data: { status: "denied" } });
  });

  it("declined on the phone: the settings page says so and the app never gets a password", async () => {
    const owner = await makeUser();
    const { id, token, pageToken } = await connect(owner.id);
    expect(await decideGrant(owner.id, "login_flow", pageToken, { grant: false }, META)).toMatchObject({ ok: true, data: { status: "denied" } });
    expect(await grantStatus(owner.id, id)).toMatchObject({ status: "denied" });
    expect((await poll(token)).status).toBe(404);
    expect(await db.authToken.count({ where: { userId: owner.id } })).toBe(0);
  });

  it("another account holding the QR code can neither see, mark, grant nor decline the flow; its owner still can", async () => {
    const owner = await makeUser();
    const stranger = await makeUser();
    const { id, token, pageToken } = await connect(owner.id);
    expect(await pendingGrant("login_flow", pageToken, stranger.id)).toBeNull();
    await noteGrantOpened(id, stranger.id, { ip: randomIPv4(), userAgent: PHONE_BROWSER });
    expect(await grantStatus(owner.id, id)).toMatchObject({ opened: null });
    expect(await decideGrant(stranger.id, "login_flow", pageToken, { grant: true, name: "Mine now" }, META)).toMatchObject({ ok: false, error: "not_found" });
    expect(await decideGrant(stranger.id, "login_flow", pageToken, { grant: false }, META)).toMatchObject({ ok: false, error: "not_found" });
    expect(await db.securityEvent.count({ where: { userId: stranger.id, type: { startsWith: "client_grant." } } })).toBe(0);
    expect((await poll(token)).status).toBe(404);
    expect(await db.authToken.count({ where: { userId: stranger.id } })).toBe(0);

    expect(await decideGrant(owner.id, "login_flow", pageToken, { grant: true, name: "Phone" }, META)).toMatchObject({ ok: true });
    expect(await poll(token)).toMatchObject({ status: 200, body: { loginName: owner.login } });
  });

  it("another account cannot follow the flow", async () => {
    const owner = await makeUser();
    const stranger = await makeUser();
    const { id } = await connect(owner.id);
    expect(await grantStatus(stranger.id, id)).toBeNull();
    expect(await grantStatus(owner.id, "no-such-id")).toBeNull();
  });
});
