// Threat: a provider that works alone but not through the core's sign-in — or a channel offered to users before the admin configured it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProviderEnabled } from "@/lib/two-factor/provider-state";
import { passwordStep } from "@/lib/auth/login";
import { redeemChallenge } from "@/lib/auth/challenge";
import { db } from "@/lib/db";
import { twoFactorOverview } from "@/lib/dal/two-factor";
import { disableForUser } from "@/lib/two-factor/admin";
import { offeredProviders, pendingLogin, providerContext, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { begin, caseFor, codeIn, configure, enrolledUser, providerFor, startFakes, type Fakes } from "@/test/gateways/support";
import { META } from "@/test/support/factories";

let fakes: Fakes;
const email = caseFor("email");
const threema = caseFor("threema");
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

describe("signing in through the core", () => {
  it("password → challenge → code by e-mail → solved → session", async () => {
    await configure(email, fakes);
    const recipient = email.recipient(fakes, 81);
    const user = await enrolledUser(email, fakes, recipient);
    expect(await loginRequirement(user.id)).toBe("challenge");
    const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
    if (!step.ok) throw new Error(step.message);
    const pending = (await pendingLogin(step.data.challenge))!;
    expect(offeredProviders(pending).map((p) => p.id)).toContain("email");
    expect(pending.preferred?.id).toBe("email");

    expect(await begin(providerFor("email"), providerContext(pending, META))).toEqual({ ok: true });
    const code = codeIn(email.received(fakes, recipient).at(-1));
    const wrong = await solveChallenge(pending, "email", code === "000000" ? "000001" : "000000", META);
    expect(wrong).toMatchObject({ ok: false, reason: "wrong", attemptsLeft: 4 });
    expect(await solveChallenge(pending, "email", code, META)).toEqual({ ok: true, promptsSetup: false, setupNext: false });
    expect(await redeemChallenge(step.data.challenge, META)).toEqual(expect.any(String));
  });
});

describe("the settings page", () => {
  it("lists a channel only once its gateway is configured, but keeps listing it for users who have it on", async () => {
    await db.gatewayConfig.deleteMany({ where: { channel: "threema" } });
    const before = await twoFactorOverview((await enrolledUser(email, fakes, email.recipient(fakes, 82))).id);
    expect(before.providers.map((p) => p.provider.id)).not.toContain("threema");
    expect(before.providers.map((p) => p.provider.id)).toContain("email");

    await configure(threema, fakes);
    const user = await enrolledUser(threema, fakes, threema.recipient(fakes, 83));
    expect((await twoFactorOverview(user.id)).providers.map((p) => p.provider.id)).toContain("threema");

    await db.gatewayConfig.deleteMany({ where: { channel: "threema" } });
    const after = await twoFactorOverview(user.id);
    expect(after.providers.find((p) => p.provider.id === "threema")).toMatchObject({ enabled: true });
    expect(after.hasFactor).toBe(true);
  });
});

describe("the admin's rescue", () => {
  it("twofactorauth:disable turns the channel off for the user and forgets the recipient", async () => {
    await configure(email, fakes);
    const user = await enrolledUser(email, fakes, email.recipient(fakes, 84));
    expect(await disableForUser(user.id, "email")).toEqual([{ id: "email", name: "E-mail", changed: true }]);
    expect(await isProviderEnabled(user.id, "email")).toBe(false);
    expect(await db.gatewayRecipient.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.messageCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await loginRequirement(user.id)).toBe("none");
    const events = await db.securityEvent.findMany({
      where: { userId: user.id, type: { in: ["factor.enabled", "admin.factor_disabled"] } },
      orderBy: { id: "asc" },
      select: { type: true, actor: true },
    });
    expect(events).toEqual([
      { type: "factor.enabled", actor: null },
      { type: "admin.factor_disabled", actor: "admin" },
    ]);
  });
});
