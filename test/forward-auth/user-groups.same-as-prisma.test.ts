// Threat: the hand-written groups query on the verify hot path drifts from the schema and sends an app the wrong Remote-Groups (or lets an allow list match the wrong user).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { userGroupNames } from "@/lib/forward-auth/user-groups";
import { addGroup, addToGroup } from "@/lib/groups";
import { makeUser } from "@/test/support/factories";
import { unique } from "./support";

describe("userGroupNames", () => {
  it("returns exactly the user's groups, sorted, as Prisma would — and sees a change at once", async () => {
    const [user, other] = [await makeUser(), await makeUser()];
    const names = [`b-${unique()}`, `a-${unique()}`, `c-${unique()}`];
    for (const g of names) await addGroup(g, "test");
    await addToGroup(names[0]!, user.login, "test");
    await addToGroup(names[1]!, user.login, "test");
    await addToGroup(names[2]!, other.login, "test");
    const viaPrisma = (await db.group.findMany({ where: { members: { some: { userId: user.id } } }, select: { name: true }, orderBy: { name: "asc" } })).map(
      (g) => g.name,
    );
    expect(await userGroupNames(user.id)).toEqual(viaPrisma);
    expect(viaPrisma).toEqual([names[1], names[0]]);
    await addToGroup(names[2]!, user.login, "test");
    expect(await userGroupNames(user.id)).toEqual([names[1], names[0], names[2]]);
    expect(await userGroupNames("no-such-user")).toEqual([]);
  });
});
