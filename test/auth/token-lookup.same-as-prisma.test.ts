// Threat: the hand-written hot-path token query drifts from the schema and mislabels a token or its user (wrong scope, a disabled user taken as enabled).
import { describe, expect, it } from "vitest";
import { tokenWithUser } from "@/lib/auth/tokens";
import { readTokenRow } from "@/lib/db/token-row";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { makeAppPassword, makeSession, makeUser } from "@/test/support/factories";

describe("readTokenRow", () => {
  it("returns exactly what Prisma's select would, for sessions and app passwords", async () => {
    const user = await makeUser({ isAdmin: true, email: "a@example.org" });
    const sid = await makeSession(user.id, { remember: true });
    const app = await makeAppPassword(user.id, { scope: "read_only", name: "Ünïcode ✓" });
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    for (const secret of [sid, app.secret]) {
      const hash = hashSecret(secret);
      const viaPrisma = await db.authToken.findUnique({ where: { hash }, select: tokenWithUser });
      expect(viaPrisma).not.toBeNull();
      expect(await readTokenRow(hash)).toEqual(viaPrisma);
    }
  });

  it("finds nothing for an unknown hash, or one with SQL in it", async () => {
    expect(await readTokenRow(hashSecret("nope"))).toBeNull();
    expect(await readTokenRow(`' OR 1=1 --`)).toBeNull();
  });
});
