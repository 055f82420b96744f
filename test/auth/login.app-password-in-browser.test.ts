// Threat: an app password — which skips the second factor — is used to open a browser session.
import { describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { db } from "@/lib/db";
import { META, makeAppPassword, makeUser } from "@/test/support/factories";

const noSecondFactor = async () => "none" as const;

describe("the login form and app passwords", () => {
  it("refuses the user's own app password with a message that says what it is", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    const before = await db.loginChallenge.count({ where: { userId: user.id } });
    const result = await passwordStep({ login: user.login, password: app.secret }, META, noSecondFactor);
    expect(result).toMatchObject({ ok: false, error: "app_password_in_browser" });
    if (!result.ok) expect(result.message).toMatch(/app password/i);
    expect(await db.loginChallenge.count({ where: { userId: user.id } })).toBe(before);
  });

  it("answers someone else's app password (or one for an unknown login) like any wrong password", async () => {
    const alice = await makeUser();
    const bob = await makeUser();
    const app = await makeAppPassword(alice.id);
    const asBob = await passwordStep({ login: bob.login, password: app.secret }, META, noSecondFactor);
    const asNobody = await passwordStep({ login: "nobody-here", password: app.secret }, META, noSecondFactor);
    const wrong = await passwordStep({ login: bob.login, password: "not the password" }, META, noSecondFactor);
    expect(asBob).toEqual(wrong);
    expect(asNobody).toEqual(wrong);
  });

  it("still signs in with the account password, and refuses a revoked app password as a wrong one", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    await db.authToken.delete({ where: { id: app.id } });
    expect(await passwordStep({ login: user.login, password: app.secret }, META, noSecondFactor)).toMatchObject({ error: "invalid_credentials" });
    expect(await passwordStep({ login: user.login, password: user.password }, META, noSecondFactor)).toMatchObject({ ok: true });
  });
});
