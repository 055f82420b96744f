// Threat: an administrator (or someone with the CLI) removes a user's live bypass code and the security log, and the user, never hear of it.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { generateAdminCode } from "@/lib/providers/admin-code/store";
import { disableForUser } from "@/lib/two-factor/admin";
import { makeUser } from "@/test/support/factories";

describe("removing an admin bypass code", () => {
  it("is logged with the actor, in the user's security log, like every other factor turned off", async () => {
    const user = await makeUser();
    await generateAdminCode(user.id, "helpdesk");
    await disableForUser(user.id, "admin_code", "rescuer");
    const events = await db.securityEvent.findMany({ where: { userId: user.id, type: "admin.factor_disabled" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: "rescuer" });
    expect(JSON.parse(events[0]!.details ?? "{}")).toEqual({ provider: "admin_code" });
    expect(await db.adminBypassCode.count({ where: { userId: user.id } })).toBe(0);
  });
});
