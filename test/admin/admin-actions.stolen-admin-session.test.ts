// Threat: a stolen (or unattended) admin browser taking over accounts — every admin action needs the admin's own password from the last 15 minutes.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as userActions from "@/app/(app)/admin/security/users/[login]/actions";
import { SUDO_WINDOW } from "@/lib/auth/policy";
import type { Authenticated } from "@/lib/auth/session";
import { confirmWithPassword } from "@/lib/auth/sudo";
import { resolveToken } from "@/lib/auth/tokens";
import { backgroundSettled } from "@/lib/background";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { addGroup } from "@/lib/groups";
import { writePolicy } from "@/lib/two-factor/enforcement";
import { setProviderSwitchedOff } from "@/lib/two-factor/provider-set";
import { ADMIN_CALLS, exportedAdminActions, form } from "@/test/support/admin-actions";
import { cli } from "@/test/support/cli";
import { enrolTotp, makeAppPassword, makeSession, makeUser, META } from "@/test/support/factories";

let caller: Authenticated | null = null;
vi.mock("@/lib/auth/session", async (original) => ({ ...(await original<object>()), currentSession: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

/** The admin's browser as the next request sees it (the session is resolved afresh). */
async function browserOf(sid: string): Promise<Authenticated> {
  const token = await resolveToken(sid, "session");
  if (!token) throw new Error("no session");
  return { user: token.user, token };
}

/** Moves the session's last confirmation `ms` into the past. */
const confirmedAgo = (sid: string, ms: number) => db.authToken.update({ where: { hash: hashSecret(sid) }, data: { reauthAt: new Date(Date.now() - ms) } });

/**
 * Everything the admin actions (ADMIN_CALLS) can change, as one comparable string: the scene's
 * accounts, their tokens, factors, codes and groups, the instance settings, the
 * gateway, and the log entries the admin's actions would write.
 */
async function snapshot(scene: { target: { id: string }; admin: { id: string; login: string }; group: string }): Promise<string> {
  const users = { in: [scene.target.id, scene.admin.id] };
  const [accounts, tokens, states, totp, groups, members, config, gateways, codes, events] = await Promise.all([
    db.user.findMany({ where: { id: users }, orderBy: { id: "asc" } }),
    db.authToken.findMany({ where: { userId: users }, orderBy: { id: "asc" }, select: { id: true, userId: true, type: true, hash: true } }),
    db.twoFactorProviderState.findMany({ where: { userId: users }, orderBy: [{ userId: "asc" }, { providerId: "asc" }] }),
    db.totpSecret.findMany({ where: { userId: users }, orderBy: { userId: "asc" } }),
    db.group.findMany({ where: { name: { startsWith: scene.group } }, orderBy: { name: "asc" } }),
    db.groupMember.findMany({ where: { userId: users }, orderBy: [{ groupId: "asc" }, { userId: "asc" }] }),
    db.appConfig.findMany({ where: { key: { not: "setup_completed_at" } }, orderBy: { key: "asc" } }),
    db.gatewayConfig.findMany({ where: { channel: "threema" }, select: { channel: true, config: true } }),
    db.adminBypassCode.findMany({ where: { userId: users } }),
    db.securityEvent.count({ where: { OR: [{ actor: scene.admin.login }, { userId: users }] } }),
  ]);
  return JSON.stringify({ accounts, tokens, states, totp, groups, members, config, gateways, codes, events });
}

/** A target with a factor and an app password, two groups, and an admin signed in from a browser. */
async function scene() {
  const target = await makeUser();
  await enrolTotp(target.id);
  await makeAppPassword(target.id);
  const group = `stolen-${target.id.slice(-6)}`;
  await addGroup(group, "test");
  await addGroup(`${group}-spare`, "test");
  const admin = await makeUser({ isAdmin: true });
  const sid = await makeSession(admin.id);
  await backgroundSettled(); // e-mails and sign-in notices of the set-up, not of the actions
  return { target, group, admin, sid };
}

afterAll(async () => {
  await writePolicy({ enforced: false, groups: [], excluded: [] }, "test");
  await setProviderSwitchedOff("backup_codes", false, "test");
  await db.appConfig.deleteMany({ where: { key: { in: ["token_auth_enforced", "app_password_max_days"] } } });
  await db.gatewayConfig.deleteMany({ where: { channel: "threema" } });
});

describe("a stolen admin session without a fresh confirmation", () => {
  it("has a call for every exported admin action (a new action must be added to ADMIN_CALLS)", () => {
    expect(exportedAdminActions().sort()).toEqual(Object.keys(ADMIN_CALLS).sort());
  });

  it("is refused every admin action once the last confirmation is over 15 minutes old, or never happened, and changes nothing", async () => {
    const set = await scene();
    const { target, group, sid } = set;
    const before = await snapshot(set);
    for (const staleness of ["15 minutes and 1 second", "never"] as const) {
      if (staleness === "never") await db.authToken.update({ where: { hash: hashSecret(sid) }, data: { reauthAt: null } });
      else await confirmedAgo(sid, SUDO_WINDOW + 1000);
      caller = await browserOf(sid);
      for (const [name, call] of Object.entries(ADMIN_CALLS)) {
        expect(await call(target.login, group), `${name}, confirmed ${staleness}`).toEqual({
          ok: false,
          error: "sudo_required",
          message: "Confirm it's you to continue.",
        });
      }
    }
    expect(await snapshot(set)).toBe(before);
  });

  it("may do each once the admin confirms with their own password, and each change names the admin in the log", async () => {
    const { target, group, admin, sid } = await scene();
    await confirmedAgo(sid, SUDO_WINDOW + 1000);
    expect(await confirmWithPassword((await browserOf(sid)).token.id, admin.id, "not the admin's password", META)).toMatchObject({
      ok: false,
      error: "invalid_credentials",
    });
    expect(await confirmWithPassword((await browserOf(sid)).token.id, admin.id, admin.password, META)).toEqual({ ok: true });
    caller = await browserOf(sid);
    const since = (await db.securityEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    for (const [name, call] of Object.entries(ADMIN_CALLS)) {
      expect(await call(target.login, group), name).not.toMatchObject({ error: "sudo_required" });
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ disabled: true, isAdmin: true });
    const actors = await db.securityEvent.findMany({ where: { id: { gt: since }, type: { startsWith: "admin." } }, select: { actor: true } });
    expect(actors.length).toBeGreaterThan(10);
    expect(new Set(actors.map((e) => e.actor))).toEqual(new Set([admin.login]));
  });

  it("keeps the confirmation for 15 minutes, not a second longer", async () => {
    const { target, sid } = await scene();
    await confirmedAgo(sid, SUDO_WINDOW - 5000);
    caller = await browserOf(sid);
    expect(await userActions.revokeTokensAction(target.login, null, form())).toMatchObject({ ok: true });
    await confirmedAgo(sid, SUDO_WINDOW + 1);
    caller = await browserOf(sid);
    expect(await userActions.revokeTokensAction(target.login, null, form())).toMatchObject({ ok: false, error: "sudo_required" });
  });
});

describe("the sudo-free path", () => {
  it("stays the CLI's: it runs on the server and needs no confirmation", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    const code = cli(["twofactorauth:admin:generate-code", user.login]);
    expect(code.code, code.stderr).toBe(0);
    const disabled = cli(["twofactorauth:disable", user.login]);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(await db.totpSecret.count({ where: { userId: user.id } })).toBe(0);
  });

  it("is reached from the web only through the admin actions above, each of which needs sudo", () => {
    // The lib functions behind admin actions take a bare actor name and check no session. Of
    // the web's entry points — every page, component and DAL module, and every "use server"
    // module anywhere — only the admin action modules (all proven guarded above) may import them.
    const unguarded: Record<string, string[]> = {
      "@/lib/admin/accounts": ["resetPassword", "revokeAllTokens", "setAdmin", "setDisabled"],
      "@/lib/two-factor/admin": ["disableForUser", "enableForUser", "cleanupProvider"],
      "@/lib/providers/admin-code/store": ["generateAdminCode", "removeAdminCode", "removeAllAdminCodes"],
      "@/lib/two-factor/enforcement": ["writePolicy"],
      "@/lib/two-factor/provider-set": ["setProviderSwitchedOff"],
      "@/lib/groups": ["addGroup", "deleteGroup", "addToGroup", "removeFromGroup"],
      "@/lib/config": ["setConfig"],
      "@/lib/gateways/config": ["configureGateway", "removeGateway"],
      "@/lib/gateways/test-message": ["sendTestMessage"],
    };
    const allowed = new Set([
      "app/(app)/admin/security/actions.ts",
      "app/(app)/admin/security/gateways/actions.ts",
      "app/(app)/admin/security/users/[login]/actions.ts",
      "app/(app)/admin/security/trusted-browsers/actions.ts",
    ]);
    const root = path.resolve(__dirname, "../..");
    const files = (dir: string): string[] =>
      readdirSync(path.join(root, dir)).flatMap((name) => {
        const rel = path.join(dir, name);
        if (rel === "lib/generated") return [];
        return statSync(path.join(root, rel)).isDirectory() ? files(rel) : /\.tsx?$/.test(name) ? [rel] : [];
      });
    const source = (file: string) => readFileSync(path.join(root, file), "utf8");
    const web = [...files("app"), ...files("components"), ...files("lib").filter((f) => f.startsWith("lib/dal/") || /^\s*["']use server["']/.test(source(f)))];
    expect(
      web.filter((f) => f.startsWith("app/(app)/settings/security/two-factor/")).length,
      "provider panels and their actions are scanned too",
    ).toBeGreaterThan(0);
    const reaches = (file: string) =>
      [...source(file).matchAll(/^import\s+(?!type\s)\{([^}]*)\}\s+from\s+"([^"]+)";/gm)].some(([, names, from]) => {
        const imported = names!
          .split(",")
          .map((n) => n.trim())
          .filter((n) => n && !n.startsWith("type "))
          .map((n) => n.split(/\s+as\s+/)[0]);
        return imported.some((n) => unguarded[from!]?.includes(n!));
      });
    const importers = web.filter(reaches);
    expect(importers.filter((f) => !allowed.has(f))).toEqual([]);
    expect(importers.sort()).toEqual([...allowed].sort());
  });
});
