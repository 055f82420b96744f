// Threat: a signed-in non-admin (or nobody) calling an admin server action directly — server
// actions are public POST endpoints, so every one must re-check the caller — and an admin
// enforcing 2FA in a way that locks people out without being warned.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as instanceActions from "@/app/(app)/admin/security/actions";
import * as userActions from "@/app/(app)/admin/security/users/[login]/actions";
import type { Authenticated } from "@/lib/auth/session";
import { resolveToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { addGroup } from "@/lib/groups";
import { readPolicy, writePolicy } from "@/lib/two-factor/enforcement";
import { setProviderSwitchedOff } from "@/lib/two-factor/provider-set";
import { ADMIN_CALLS, exportedAdminActions, form } from "@/test/support/admin-actions";
import { enrolTotp, makeAppPassword, makeSession, makeUser } from "@/test/support/factories";

// The caller each action sees; the real session resolution is tested elsewhere.
let caller: Authenticated | null = null;
vi.mock("@/lib/auth/session", async (original) => ({ ...(await original<object>()), currentSession: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

async function signIn(userId: string): Promise<Authenticated> {
  const token = await resolveToken(await makeSession(userId), "session");
  if (!token) throw new Error("no session");
  return { user: token.user, token };
}

/** Everything an admin action can change, as one comparable string. */
async function snapshot(): Promise<string> {
  const [users, tokens, states, totp, backup, groups, members, config, gateways, codes, lastEvent] = await Promise.all([
    db.user.findMany({ orderBy: { id: "asc" } }),
    db.authToken.findMany({ orderBy: { id: "asc" }, select: { id: true, userId: true, type: true, hash: true } }),
    db.twoFactorProviderState.findMany({ orderBy: [{ userId: "asc" }, { providerId: "asc" }] }),
    db.totpSecret.findMany({ orderBy: { userId: "asc" } }),
    db.backupCode.findMany({ orderBy: { id: "asc" } }),
    db.group.findMany({ orderBy: { name: "asc" } }),
    db.groupMember.findMany({ orderBy: [{ groupId: "asc" }, { userId: "asc" }] }),
    db.appConfig.findMany({ orderBy: { key: "asc" } }),
    db.gatewayConfig.findMany({ orderBy: { channel: "asc" } }),
    db.adminBypassCode.findMany({ orderBy: { userId: "asc" } }),
    db.securityEvent.aggregate({ _max: { id: true } }),
  ]);
  return JSON.stringify({ users, tokens, states, totp, backup, groups, members, config, gateways, codes, lastEvent });
}

afterAll(async () => {
  await writePolicy({ enforced: false, groups: [], excluded: [] }, "test");
  await setProviderSwitchedOff("totp", false, "test");
  await setProviderSwitchedOff("webauthn", false, "test");
  await setProviderSwitchedOff("backup_codes", false, "test");
  await db.appConfig.deleteMany({ where: { key: { in: ["token_auth_enforced", "app_password_max_days"] } } });
  await db.gatewayConfig.deleteMany({ where: { channel: "threema" } });
});

describe("admin server actions refuse everyone but a signed-in admin", () => {
  it("has a call for every exported action (a new action must be added to ADMIN_CALLS)", () => {
    expect(exportedAdminActions().sort()).toEqual(Object.keys(ADMIN_CALLS).sort());
  });

  it("answers 'not found' to nobody and to non-admins with or without a second factor, and changes nothing", async () => {
    const target = await makeUser();
    await enrolTotp(target.id);
    await makeAppPassword(target.id);
    const group = `guarded-${target.id.slice(-6)}`;
    await addGroup(group, "test");
    await addGroup(`${group}-spare`, "test");
    const plain = await makeUser();
    const withFactor = await makeUser();
    await enrolTotp(withFactor.id);

    const callers = [null, await signIn(plain.id), await signIn(withFactor.id)];
    const before = await snapshot();
    for (const who of callers) {
      caller = who;
      for (const [name, call] of Object.entries(ADMIN_CALLS)) {
        expect(await call(target.login, group), `${name} as ${who?.user.login ?? "nobody"}`).toMatchObject({
          ok: false,
          error: "not_found",
          message: "Not found.",
        });
      }
    }
    expect(await snapshot()).toBe(before);

    // The same calls from an admin do change things: the refusals above are the guard's, not bad arguments.
    caller = await signIn((await makeUser({ isAdmin: true })).id);
    for (const [name, call] of Object.entries(ADMIN_CALLS)) {
      expect(await call(target.login, group), name).not.toMatchObject({ message: "Not found." });
    }
    expect(await snapshot()).not.toBe(before);
    expect(await db.user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ disabled: true, isAdmin: true });
  });

  it("re-checks on every call: an admin demoted or disabled mid-session is refused at once", async () => {
    const admin = await makeUser({ isAdmin: true });
    const target = await makeUser();
    caller = await signIn(admin.id);
    expect(await userActions.revokeTokensAction(target.login, null, form())).toMatchObject({ ok: true });
    await db.user.update({ where: { id: admin.id }, data: { isAdmin: false } });
    // The next request resolves its session afresh (React `cache` lives for one request).
    caller = await signIn(admin.id);
    expect(await userActions.revokeTokensAction(target.login, null, form())).toMatchObject({ ok: false, error: "not_found" });
  });
});

describe("lockout guard when enforcing two-factor authentication from the web", () => {
  beforeEach(async () => {
    await writePolicy({ enforced: false, groups: [], excluded: [] }, "test");
    await setProviderSwitchedOff("totp", false, "test");
    await setProviderSwitchedOff("webauthn", false, "test");
  });

  const enforceEveryone = (confirmed: boolean) =>
    instanceActions.saveEnforcementAction(null, form({ mode: "everyone", ...(confirmed ? { confirmed: "on" } : {}) }));

  it("warns an admin who has no second factor, saves nothing, and saves once confirmed", async () => {
    caller = await signIn((await makeUser({ isAdmin: true })).id);
    const warned = await enforceEveryone(false);
    expect(warned).toMatchObject({ ok: false, error: "invalid_input", fields: { confirm: "Tick the box to enforce anyway." } });
    expect((warned as { message: string }).message).toContain("You have no second factor yourself");
    expect(await readPolicy()).toMatchObject({ enforced: false });

    expect(await enforceEveryone(true)).toMatchObject({ ok: true });
    expect(await readPolicy()).toMatchObject({ enforced: true, groups: [], excluded: [] });
  });

  it("warns when no provider can be set up at sign-in, even for an admin with a factor", async () => {
    const admin = await makeUser({ isAdmin: true });
    await enrolTotp(admin.id);
    caller = await signIn(admin.id);
    // Both built-in factors that can be set up at sign-in (TOTP, security keys).
    await setProviderSwitchedOff("totp", true, "test");
    await setProviderSwitchedOff("webauthn", true, "test");
    const warned = await enforceEveryone(false);
    expect((warned as { message: string }).message).toMatch(/^No provider that users can set up at sign-in is turned on/);
    expect(await readPolicy()).toMatchObject({ enforced: false });
  });

  it("lets an admin with a factor enforce at once while set-up at sign-in is possible", async () => {
    const admin = await makeUser({ isAdmin: true });
    await enrolTotp(admin.id);
    caller = await signIn(admin.id);
    expect(await enforceEveryone(false)).toMatchObject({ ok: true });
    expect(await readPolicy()).toMatchObject({ enforced: true });
    // Turning it off never needs confirming.
    expect(await instanceActions.saveEnforcementAction(null, form({ mode: "off" }))).toMatchObject({ ok: true });
    expect(await readPolicy()).toMatchObject({ enforced: false });
  });
});
