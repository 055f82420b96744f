// Threat: an administrator's changes to someone's account leaving no trace — each is logged with the admin's name.
import { afterAll, describe, expect, it } from "vitest";
import { resetPassword, revokeAllTokens, setDisabled } from "@/lib/admin/accounts";
import { db } from "@/lib/db";
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
    expect(byAdmin).toEqual(["factor.disabled", "admin.bypass_code_generated", "admin.token_revoked", "password.changed", "admin.account_changed"]);
  });

  it("records instance-wide changes with the acting admin", async () => {
    await writePolicy({ enforced: true, groups: [], excluded: [] }, "policy-admin");
    const last = await db.securityEvent.findFirstOrThrow({ where: { type: "admin.enforcement_changed" }, orderBy: { id: "desc" } });
    expect(last).toMatchObject({ actor: "policy-admin", userId: null });
  });
});
