// Threat: an admin bypass code reused, shared around or kept forever — it works once, for one user, before it expires.
import { describe, expect, it } from "vitest";
import { redeemChallenge } from "@/lib/auth/challenge";
import { db } from "@/lib/db";
import { generateAdminCode } from "@/lib/providers/admin-code/store";
import { offeredProviders, pendingLogin, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { secondFactorRequired } from "@/lib/two-factor/provider-set";
import { META, makeUser, pendingTotpLogin } from "@/test/support/factories";
import { startChallenge } from "@/lib/auth/challenge";

describe("admin bypass code", () => {
  it("is offered on the challenge, signs in once, then leads to setting up a new factor", async () => {
    const { user, login, challenge } = await pendingTotpLogin();
    const { code } = await generateAdminCode(user.id, "admin");
    expect(code).toMatch(/^\d{8}$/);
    const row = await db.adminBypassCode.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.hash).not.toContain(code);
    const fresh = (await pendingLogin(challenge))!;
    expect(offeredProviders(fresh).map((p) => p.id)).toContain("admin_code");
    expect(await solveChallenge(fresh, "admin_code", code, META)).toEqual({ ok: true, promptsSetup: true, setupNext: false });
    expect(await redeemChallenge(challenge, META)).not.toBeNull();
    void login;

    const again = (await pendingLogin(await startChallenge({ userId: user.id, remember: false, meta: META, verified: false })))!;
    expect(offeredProviders(again).map((p) => p.id)).not.toContain("admin_code");
    expect(await solveChallenge(again, "admin_code", code, META)).toMatchObject({ ok: false, reason: "unavailable" });
  });

  it("does not turn 2FA on by itself, and expires", async () => {
    const user = await makeUser();
    await generateAdminCode(user.id, "admin", 1000);
    expect(await secondFactorRequired(user.id)).toBe(false);
    const { user: u2, challenge } = await pendingTotpLogin();
    const { code } = await generateAdminCode(u2.id, "admin");
    await db.adminBypassCode.update({ where: { userId: u2.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await solveChallenge((await pendingLogin(challenge))!, "admin_code", code, META)).toMatchObject({ ok: false, reason: "wrong" });
  });

  it("is used exactly once under concurrent submissions", async () => {
    const a = await pendingTotpLogin();
    const { code } = await generateAdminCode(a.user.id, "admin");
    const b = (await pendingLogin(await startChallenge({ userId: a.user.id, remember: false, meta: META, verified: false })))!;
    const results = await Promise.all([solveChallenge(a.login, "admin_code", code, META), solveChallenge(b, "admin_code", code, META)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
