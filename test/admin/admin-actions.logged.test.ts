// Threat: an administrator's changes to someone's account leaving no trace — each is logged with the admin's name.
import { afterAll, describe, expect, it } from "vitest";
import { resetPassword, revokeAllTokens, setDisabled } from "@/lib/admin/accounts";
import { setConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { channelById } from "@/lib/gateways";
import { configureGateway, removeGateway } from "@/lib/gateways/config";
import { addGroup, addToGroup, deleteGroup, removeFromGroup } from "@/lib/groups";
import { generateAdminCode } from "@/lib/providers/admin-code/store";
import { disableForUser } from "@/lib/two-factor/admin";
import { writePolicy } from "@/lib/two-factor/enforcement";
import { enrolTotp, makeSession, makeUser } from "@/test/support/factories";

afterAll(() => writePolicy({ enforced: false, groups: [], excluded: [] }, "test"));

const eventsOf = (userId: string) => db.securityEvent.findMany({ where: { userId }, orderBy: { id: "asc" }, select: { type: true, actor: true } });

describe("admin actions in the security log", () => {
  it("records each rescue action with the acting admin", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    await makeSession(user.id);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    await disableForUser(user.id, "totp", "root-admin");
    await generateAdminCode(user.id, "root-admin");
    await revokeAllTokens(user.id, "root-admin");
    await resetPassword(row, "another long password", "root-admin");
    await setDisabled(row, true, "root-admin");
    const byAdmin = (await eventsOf(user.id)).filter((e) => e.actor === "root-admin").map((e) => e.type);
    expect(byAdmin).toEqual(["admin.factor_disabled", "admin.bypass_code_generated", "admin.token_revoked", "password.changed", "admin.account_changed"]);
  });

  it("records instance-wide changes with the acting admin", async () => {
    await writePolicy({ enforced: true, groups: [], excluded: [] }, "policy-admin");
    const last = await db.securityEvent.findFirstOrThrow({ where: { type: "admin.enforcement_changed" }, orderBy: { id: "desc" } });
    expect(last).toMatchObject({ actor: "policy-admin", userId: null });
  });

  it("records settings, groups and gateways with the acting admin, never a gateway's secrets", async () => {
    const member = await makeUser();
    const group = `logged-${member.id.slice(-6)}`;
    const since = (await db.securityEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    expect(await setConfig("token_auth_enforced", "true", "web-admin")).toMatchObject({ ok: true });
    expect(await setConfig("token_auth_enforced", "false", "web-admin")).toMatchObject({ ok: true });
    expect(await addGroup(group, "web-admin")).toMatchObject({ ok: true });
    expect(await addToGroup(group, member.login, "web-admin")).toMatchObject({ ok: true });
    expect(await removeFromGroup(group, member.login, "web-admin")).toMatchObject({ ok: true });
    expect(await deleteGroup(group, "web-admin")).toMatchObject({ ok: true });
    const threema = channelById("threema");
    expect(await configureGateway(threema, { url: "http://127.0.0.1:9", from: "*GATEHSE", secret: "logged-gateway-secret" }, "web-admin")).toMatchObject({
      ok: true,
    });
    expect(await removeGateway(threema, "web-admin")).toBe(true);
    // Refusals change nothing and log nothing.
    expect(await setConfig("token_auth_enforced", "maybe", "web-admin")).toMatchObject({ ok: false });
    expect(await deleteGroup(group, "web-admin")).toMatchObject({ ok: false, error: "not_found" });

    const events = await db.securityEvent.findMany({ where: { id: { gt: since } }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.type, e.actor, e.userId, JSON.parse(e.details ?? "{}")])).toEqual([
      ["admin.config_changed", "web-admin", null, { setting: "token_auth_enforced", value: "true" }],
      ["admin.config_changed", "web-admin", null, { setting: "token_auth_enforced", value: "false" }],
      ["admin.group_changed", "web-admin", null, { group, change: "created" }],
      ["admin.group_changed", "web-admin", member.id, { group, change: "member_added" }],
      ["admin.group_changed", "web-admin", member.id, { group, change: "member_removed" }],
      ["admin.group_changed", "web-admin", null, { group, change: "deleted" }],
      ["admin.gateway_changed", "web-admin", null, { channel: "threema", change: "configured" }],
      ["admin.gateway_changed", "web-admin", null, { channel: "threema", change: "removed" }],
    ]);
    expect(JSON.stringify(events)).not.toContain("logged-gateway-secret");
  });
});
