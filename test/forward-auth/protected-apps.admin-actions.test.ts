// Threat: a non-admin, or an admin's unattended browser (no recent confirmation), calls the protected-app actions directly to open an app to everyone or take its protection away.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { addAppAction, removeAppAction } from "@/app/(app)/admin/security/apps/actions";
import type { Authenticated } from "@/lib/auth/session";
import { resolveToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { makeSession, makeUser } from "@/test/support/factories";
import { makeApp, unique } from "./support";

let caller: Authenticated | null = null;
vi.mock("@/lib/auth/session", async (original) => ({ ...(await original<object>()), currentSession: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

async function signIn(userId: string, reauthAt: Date | null = new Date()): Promise<Authenticated> {
  const token = await resolveToken(await makeSession(userId), "session");
  if (!token) throw new Error("no session");
  return { user: token.user, token: { ...token, reauthAt } };
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

beforeEach(() => {
  caller = null;
});

describe("admin page: protected apps", () => {
  it("an admin in sudo mode adds and removes an app, logged with the admin as actor", async () => {
    const admin = await makeUser({ isAdmin: true });
    caller = await signIn(admin.id);
    const name = `notes-${unique()}`;
    const added = await addAppAction(null, form({ name, url: `https://${name}.gatehouse.test/`, clients: "read_only", groups: "", users: "" }));
    expect(added).toMatchObject({ ok: true });
    expect(await db.protectedApp.findUniqueOrThrow({ where: { name } })).toMatchObject({ clients: "read_only", public: false });
    expect(await removeAppAction(null, form({ name }))).toMatchObject({ ok: true });
    const events = await db.securityEvent.findMany({ where: { type: "admin.app_changed", actor: admin.login }, orderBy: { id: "asc" } });
    expect(events.map((e) => JSON.parse(e.details!).change)).toEqual(["added", "removed"]);
  });

  it("an admin without a recent confirmation gets sudo_required and changes nothing", async () => {
    const admin = await makeUser({ isAdmin: true });
    caller = await signIn(admin.id, new Date(Date.now() - 60 * 60_000));
    const app = await makeApp();
    const name = `x-${unique()}`;
    expect(await addAppAction(null, form({ name, url: `https://${name}.gatehouse.test` }))).toMatchObject({ ok: false, error: "sudo_required" });
    expect(await removeAppAction(null, form({ name: app.name }))).toMatchObject({ ok: false, error: "sudo_required" });
    expect(await db.protectedApp.count({ where: { name: { in: [name, app.name] } } })).toBe(1);
  });

  it("a non-admin (even in sudo mode) or nobody gets not_found and changes nothing", async () => {
    const app = await makeApp();
    for (const who of [await signIn((await makeUser()).id), null]) {
      caller = who;
      const name = `x-${unique()}`;
      expect((await addAppAction(null, form({ name, url: `https://${name}.gatehouse.test`, public: "on" })))?.ok).toBe(false);
      expect((await removeAppAction(null, form({ name: app.name })))?.ok).toBe(false);
      expect(await db.protectedApp.count({ where: { name } })).toBe(0);
    }
    expect(await db.protectedApp.count({ where: { name: app.name } })).toBe(1);
  });
});
