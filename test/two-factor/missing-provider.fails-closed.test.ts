// Threat: a provider disappears (uninstalled, broken) and its users sign in with the password alone — they must be blocked instead.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { disableForUser } from "@/lib/two-factor/admin";
import { offeredProviders, pendingLogin, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { loginRequirement, secondFactorRequired } from "@/lib/two-factor/provider-set";
import type { SecondFactorProvider } from "@/lib/two-factor/types";
import { passwordStep } from "@/lib/auth/login";
import { redeemChallenge, startChallenge } from "@/lib/auth/challenge";
import { META, enrolTotp, makeUser } from "@/test/support/factories";

describe("fail closed", () => {
  it("requires a second factor and offers none while an enabled provider is missing", async () => {
    const user = await makeUser();
    await db.twoFactorProviderState.create({ data: { userId: user.id, providerId: "uninstalled-sms", enabled: true } });
    expect(await secondFactorRequired(user.id)).toBe(true);
    const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
    expect(step).toMatchObject({ ok: true, data: { then: "challenge" } });
    const login = await pendingLogin(step.ok ? step.data.challenge : "");
    expect(login?.providers.missing).toEqual(["uninstalled-sms"]);
    expect(offeredProviders(login!)).toEqual([]);
    expect(await redeemChallenge(step.ok ? step.data.challenge : "", META)).toBeNull();
  });

  it("blocks even when the user also has a working factor", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    await db.twoFactorProviderState.create({ data: { userId: user.id, providerId: "uninstalled-sms", enabled: true } });
    const login = await pendingLogin(await startChallenge({ userId: user.id, remember: false, meta: META, verified: false }));
    expect(offeredProviders(login!)).toEqual([]);
  });

  it("is undone by the admin disabling the missing provider", async () => {
    const user = await makeUser();
    await db.twoFactorProviderState.create({ data: { userId: user.id, providerId: "uninstalled-sms", enabled: true } });
    expect(await disableForUser(user.id, "uninstalled-sms")).toEqual([{ id: "uninstalled-sms", name: "uninstalled-sms", changed: true }]);
    expect(await secondFactorRequired(user.id)).toBe(false);
  });

  it("turns a provider that throws into a clear refusal, never a sign-in", async () => {
    const user = await makeUser();
    const login = await pendingLogin(await startChallenge({ userId: user.id, remember: false, meta: META, verified: false }));
    const broken: SecondFactorProvider = {
      id: "broken",
      displayName: "Broken",
      description: "",
      icon: "",
      kind: "factor",
      challengeView: async () => {
        throw new Error("boom");
      },
      verify: async () => {
        throw new Error("database on fire");
      },
    };
    login!.providers.factors.push(broken);
    const r = await solveChallenge(login!, "broken", "123456", META);
    expect(r).toMatchObject({ ok: false, reason: "unavailable" });
    if (!r.ok) expect(r.message).not.toContain("database on fire");
  });
});
