// Threat: an app password made before 2FA was turned on (by anyone who knew the password then) keeps working behind the second factor, unnoticed.
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { appPasswordsBeforeFactor, OFFER_PERIOD, revokeAppPasswordsBeforeFactor } from "@/lib/auth/app-passwords-before-factor";
import { db } from "@/lib/db";
import { apiRequest, bearer } from "@/test/support/api";
import { enrolTotp, makeAppPassword, makeUser } from "@/test/support/factories";
import { client } from "@/test/support/security";

const status = async (secret: string) => (await me(apiRequest("GET", "/api/v1/me", { authorization: bearer(secret) }))).status;

describe("app passwords made before a second factor", () => {
  it("are counted right after the factor is turned on, and one call revokes exactly those, logged", async () => {
    const user = await makeUser();
    const [sync, calendar] = [await makeAppPassword(user.id, { name: "Sync" }), await makeAppPassword(user.id, { name: "Calendar" })];
    expect(await appPasswordsBeforeFactor(user.id)).toBe(0); // no factor yet: nothing to offer
    await new Promise((r) => setTimeout(r, 5));
    await enrolTotp(user.id);
    await new Promise((r) => setTimeout(r, 5));
    const later = await makeAppPassword(user.id, { name: "Made with 2FA on" });
    expect(await appPasswordsBeforeFactor(user.id)).toBe(2);

    const meta = client();
    expect(await revokeAppPasswordsBeforeFactor(user.id, meta)).toBe(2);
    expect([await status(sync.secret), await status(calendar.secret), await status(later.secret)]).toEqual([401, 401, 200]);
    expect(await appPasswordsBeforeFactor(user.id)).toBe(0);
    const event = await db.securityEvent.findFirst({ where: { userId: user.id, type: "app_password.revoked" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ ip: meta.ip });
    expect(JSON.parse(event!.details!)).toEqual({ count: 2, reason: "made_before_two_factor" });
    // A second click finds nothing more to revoke.
    expect(await revokeAppPasswordsBeforeFactor(user.id, meta)).toBe(0);
  });

  it("are offered for a day after the factor was turned on, and then no longer (nothing revoked unasked)", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    await new Promise((r) => setTimeout(r, 5));
    await enrolTotp(user.id);
    const dayLater = Date.now() + OFFER_PERIOD + 1000;
    expect(await appPasswordsBeforeFactor(user.id, dayLater)).toBe(0);
    expect(await revokeAppPasswordsBeforeFactor(user.id, undefined, dayLater)).toBe(0);
    expect(await status(app.secret)).toBe(200);
  });

  it("never touch another user's app passwords", async () => {
    const [user, other] = [await makeUser(), await makeUser()];
    const theirs = await makeAppPassword(other.id);
    await makeAppPassword(user.id);
    await new Promise((r) => setTimeout(r, 5));
    await enrolTotp(user.id);
    expect(await revokeAppPasswordsBeforeFactor(user.id)).toBe(1);
    expect(await status(theirs.secret)).toBe(200);
  });
});
