// Threat: a client asks for an app password "for app X" and, through a typo or an unknown name, gets one that reaches every app.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/app-password/route";
import { addApp } from "@/lib/apps/protected-apps";
import { db } from "@/lib/db";
import { apiRequest, basic, read } from "@/test/support/api";
import { makeUser } from "@/test/support/factories";

const unique = () => randomBytes(4).toString("hex");

async function app() {
  const name = `cal-${unique()}`;
  const added = await addApp({ name, url: `https://${name}.gatehouse.test` }, "test");
  if (!added.ok) throw new Error(added.message);
  return added.data;
}

const post = (login: string, password: string, body: unknown) =>
  POST(apiRequest("POST", "/api/v1/app-password", { authorization: basic(login, password), body: JSON.stringify(body) })).then(read);

describe("POST /api/v1/app-password with apps", () => {
  it("stores the chosen apps (by id) and the scope, and says so in the answer", async () => {
    const [a, b] = [await app(), await app()];
    const user = await makeUser();
    const res = await post(user.login, user.password, { name: "Phone", scope: "read_only", apps: [a.name, b.name] });
    expect(res).toMatchObject({ status: 201, body: { name: "Phone", scope: "read_only", apps: [a.name, b.name] } });
    const row = await db.authToken.findUniqueOrThrow({ where: { id: Number(res.body?.tokenId) } });
    expect(JSON.parse(row.apps!).sort()).toEqual([a.id, b.id].sort());
  });

  it("without apps, the password is for every app (apps: null)", async () => {
    const user = await makeUser();
    const res = await post(user.login, user.password, { name: "Laptop" });
    expect(res).toMatchObject({ status: 201, body: { apps: null, scope: "full" } });
    expect((await db.authToken.findUniqueOrThrow({ where: { id: Number(res.body?.tokenId) } })).apps).toBeNull();
  });

  it("refuses an unknown app name with 400 and a clear error, creating nothing", async () => {
    const a = await app();
    const user = await makeUser();
    const before = await db.authToken.count({ where: { userId: user.id } });
    for (const apps of [[a.name, "no-such-app"], [], ["bad name!"], "cal", [42]]) {
      const res = await post(user.login, user.password, { name: "Phone", apps });
      expect(res.status, JSON.stringify(apps)).toBe(400);
      expect(res.body).toMatchObject({ error: "invalid_input" });
    }
    const unknown = await post(user.login, user.password, { apps: ["no-such-app"] });
    expect(String(unknown.body?.message)).toContain('Unknown app "no-such-app"');
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(before);
  });
});
