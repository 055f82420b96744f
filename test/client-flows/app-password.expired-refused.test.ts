// Threat: an app password the user gave a lifetime keeps working after it (on the API, through the proxy, in Basic or Bearer), outlives the admin's maximum, or a forgotten one goes unnoticed.
import { afterEach, describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { createAppPassword } from "@/lib/auth/app-passwords";
import { listDevices } from "@/lib/auth/devices";
import { decideGrant, type GrantKind } from "@/lib/client-flows/grants";
import { setConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { apiRequest, basic, bearer } from "@/test/support/api";
import { META, makeUser } from "@/test/support/factories";
import { ask, makeApp } from "@/test/forward-auth/support";
import { poll, startDevice, startLogin, token } from "./support";

const DAY = 86_400_000;

/** A Login Flow or device grant granted with lifetime `expiresInDays`, then collected by the client: the poll's status. */
async function grantedAndCollected(kind: GrantKind, userId: string, expiresInDays: string): Promise<number> {
  const choice = { grant: true as const, name: "Client", expiresInDays };
  if (kind === "login_flow") {
    const { flow, pageToken } = await startLogin();
    expect(await decideGrant(userId, kind, pageToken, choice, META)).toMatchObject({ ok: true });
    return (await poll(flow.poll.token)).status;
  }
  const started = (await startDevice()).body as { device_code: string; user_code: string };
  expect(await decideGrant(userId, kind, started.user_code.replace("-", ""), choice, META)).toMatchObject({ ok: true });
  return (await token(started.device_code)).status;
}

afterEach(async () => {
  await setConfig("app_password_max_days", "0", "test");
});

describe("app-password lifetime", () => {
  it("an expired app password is refused everywhere it is checked", async () => {
    const app = await makeApp();
    const user = await makeUser();
    const created = await createAppPassword(user.id, { name: "Phone", expiresInDays: 30 });
    if (!created.ok) throw new Error(created.message);
    const { secret, id } = created.data;
    expect(created.data.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * DAY);
    const checks = async () => [
      (await me(apiRequest("GET", "/api/v1/me", { authorization: bearer(secret) }))).status,
      (await me(apiRequest("GET", "/api/v1/me", { authorization: basic(user.login, secret) }))).status,
      (await ask("auth-request", { url: app.url, method: "PROPFIND", authorization: basic(user.login, secret) })).status,
      (await ask("forward-auth", { url: app.url, method: "PROPFIND", authorization: bearer(secret) })).status,
    ];
    expect(await checks()).toEqual([200, 200, 200, 200]);
    await db.authToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await checks()).toEqual([401, 401, 401, 401]);
    expect((await listDevices(user.id)).map((d) => d.id)).not.toContain(id);
  });

  it("offers never, 30, 90 or 365 days only", async () => {
    const user = await makeUser();
    for (const bad of [7, "45", -1, "forever", 1e9]) {
      expect(await createAppPassword(user.id, { name: "x", expiresInDays: bad })).toMatchObject({ ok: false, error: "invalid_input" });
    }
    expect(await createAppPassword(user.id, { name: "x", expiresInDays: "never" })).toMatchObject({ ok: true, data: { expiresAt: null } });
  });

  it("the admin's maximum shortens a longer or endless lifetime", async () => {
    const user = await makeUser();
    expect(await setConfig("app_password_max_days", "60", "test")).toMatchObject({ ok: true });
    for (const choice of [undefined, "never", 365]) {
      const created = await createAppPassword(user.id, { name: "x", expiresInDays: choice });
      if (!created.ok) throw new Error(created.message);
      const days = (created.data.expiresAt!.getTime() - Date.now()) / DAY;
      expect(days).toBeGreaterThan(59.9);
      expect(days).toBeLessThanOrEqual(60);
    }
    const shorter = await createAppPassword(user.id, { name: "x", expiresInDays: 30 });
    expect(shorter.ok && (shorter.data.expiresAt!.getTime() - Date.now()) / DAY).toBeLessThanOrEqual(30);
    expect(await setConfig("app_password_max_days", "ten", "test")).toMatchObject({ ok: false });
  });

  it("the admin's maximum shortens the lifetime chosen on a grant too: the client collects a password that lasts the maximum", async () => {
    expect(await setConfig("app_password_max_days", "60", "test")).toMatchObject({ ok: true });
    for (const [kind, choice] of [
      ["login_flow", "never"],
      ["login_flow", "365"],
      ["device", "90"],
      ["device", "30"],
    ] as const) {
      const user = await makeUser();
      expect(await grantedAndCollected(kind, user.id, choice), `${kind} ${choice}`).toBe(200);
      const made = await db.authToken.findFirstOrThrow({ where: { userId: user.id, type: "app_password" } });
      const days = (made.expiresAt!.getTime() - Date.now()) / DAY;
      expect(days, `${kind} ${choice}`).toBeGreaterThan(Math.min(60, Number(choice) || 60) - 0.1);
      expect(days, `${kind} ${choice}`).toBeLessThanOrEqual(Math.min(60, Number(choice) || 60));
    }
  });

  it("an app password unused for 90 days is marked on the devices list", async () => {
    const user = await makeUser();
    const old = await createAppPassword(user.id, { name: "Old tablet" });
    const fresh = await createAppPassword(user.id, { name: "New phone" });
    if (!old.ok || !fresh.ok) throw new Error("not created");
    await db.authToken.update({ where: { id: old.data.id }, data: { lastActivity: new Date(Date.now() - 91 * DAY) } });
    const devices = await listDevices(user.id);
    expect(devices.find((d) => d.id === old.data.id)?.unused).toBe(true);
    expect(devices.find((d) => d.id === fresh.data.id)?.unused).toBe(false);
  });
});
