// Threat: the administrator's cap on how long an app password lasts, set on the admin page, is stored unchecked, changed without a trace, or not applied to the passwords clients get.
import { afterAll, describe, expect, it, vi } from "vitest";
import { appPasswordMaxDaysAction } from "@/app/(app)/admin/security/actions";
import type { Authenticated } from "@/lib/auth/session";
import { resolveToken } from "@/lib/auth/tokens";
import { decideGrant } from "@/lib/client-flows/grants";
import { appPasswordMaxDays, getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { grantFormOptions } from "@/lib/dal/client-grants";
import { form } from "@/test/support/admin-actions";
import { META, makeSession, makeUser } from "@/test/support/factories";
import { poll, startLogin } from "@/test/client-flows/support";

// The caller each action sees; that only a confirmed admin gets through is tested for every admin action (ADMIN_CALLS).
let caller: Authenticated | null = null;
vi.mock("@/lib/auth/session", async (original) => ({ ...(await original<object>()), currentSession: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const DAY = 86_400_000;

async function signInAdmin(): Promise<{ login: string }> {
  const admin = await makeUser({ isAdmin: true });
  const token = await resolveToken(await makeSession(admin.id), "session");
  if (!token) throw new Error("no session");
  caller = { user: token.user, token };
  return admin;
}

const lastConfigEvent = () => db.securityEvent.findFirst({ where: { type: "admin.config_changed" }, orderBy: { id: "desc" } });

afterAll(async () => {
  await db.appConfig.deleteMany({ where: { key: "app_password_max_days" } });
});

describe("the admin page's maximum app-password lifetime", () => {
  it("is saved, logged with the admin's name, offered on the grant page and applied to a password a client collects", async () => {
    const admin = await signInAdmin();
    expect(await appPasswordMaxDaysAction(null, form({ maxDays: " 60 " }))).toMatchObject({ ok: true, message: expect.stringContaining("at most 60 day(s)") });
    expect(await getConfig("app_password_max_days")).toBe("60");
    expect(await lastConfigEvent()).toMatchObject({
      actor: admin.login,
      userId: null,
      details: JSON.stringify({ setting: "app_password_max_days", value: "60" }),
    });
    expect(await grantFormOptions()).toMatchObject({ maxDays: 60 });

    // A user grants a Login Flow "never expires": the client's password lasts 60 days.
    const user = await makeUser();
    const { flow, pageToken } = await startLogin();
    await decideGrant(user.id, "login_flow", pageToken, { grant: true, name: "Sync", expiresInDays: "never" }, META);
    expect((await poll(flow.poll.token)).status).toBe(200);
    const made = await db.authToken.findFirstOrThrow({ where: { userId: user.id, type: "app_password" } });
    const days = (made.expiresAt!.getTime() - Date.now()) / DAY;
    expect(days).toBeGreaterThan(59.9);
    expect(days).toBeLessThanOrEqual(60);
  });

  it("0 or an empty field lifts the limit", async () => {
    await signInAdmin();
    await appPasswordMaxDaysAction(null, form({ maxDays: "30" }));
    for (const lifted of ["0", ""]) {
      await appPasswordMaxDaysAction(null, form({ maxDays: "30" }));
      expect(await appPasswordMaxDaysAction(null, form({ maxDays: lifted }))).toMatchObject({ ok: true, message: expect.stringContaining("never expire") });
      expect(await appPasswordMaxDays()).toBeNull();
    }
  });

  it("refuses what is not a number of days (up to 36500) on the field, and stores and logs nothing", async () => {
    await signInAdmin();
    await appPasswordMaxDaysAction(null, form({ maxDays: "90" }));
    const before = await lastConfigEvent();
    for (const bad of ["ten", "-1", "1.5", "36501", "9".repeat(40), "60; DROP TABLE AppConfig"]) {
      const refused = await appPasswordMaxDaysAction(null, form({ maxDays: bad }));
      expect(refused, bad).toMatchObject({ ok: false, error: "invalid_input", fields: { maxDays: expect.stringContaining("app_password_max_days") } });
    }
    expect(await getConfig("app_password_max_days")).toBe("90");
    expect((await lastConfigEvent())?.id).toBe(before?.id);
  });
});
