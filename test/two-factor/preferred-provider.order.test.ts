// Threat: a "preferred way in" that another account (or a factor turned off) can set, or an ordering that hides backup codes.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { installedProviders } from "@/lib/two-factor/registry";
import { inPreferredOrder } from "@/lib/two-factor/provider-set";
import { offeredProviders, pendingLogin } from "@/lib/two-factor/challenge-flow";
import { markProviderUsed } from "@/lib/two-factor/provider-state";
import { markedProviderId, setPreferredProvider } from "@/lib/two-factor/preference";
import { startChallenge } from "@/lib/auth/challenge";
import { META, enrolTotp, makeUser } from "@/test/support/factories";

/** A user with TOTP, e-mail codes and an HOTP key on (in that order), and backup codes. */
async function userWithTwoFactors() {
  const user = await makeUser();
  await enrolTotp(user.id);
  await db.twoFactorProviderState.createMany({
    data: [
      { userId: user.id, providerId: "email", enabled: true },
      { userId: user.id, providerId: "hotp", enabled: true },
      { userId: user.id, providerId: "backup_codes", enabled: true },
    ],
  });
  return user;
}

async function opensWith(userId: string) {
  const login = await pendingLogin(await startChallenge({ userId, remember: false, meta: META, verified: false }));
  return { first: login!.preferred?.id, offered: offeredProviders(login!).map((p) => p.id) };
}

describe("the preferred way in", () => {
  it("orders by the ids given, each once, keeping the rest in place", () => {
    const ps = ["a", "b", "c", "d"].map((id) => ({ id }));
    expect(inPreferredOrder(ps, ["c", "b"]).map((p) => p.id)).toEqual(["c", "b", "a", "d"]);
    expect(inPreferredOrder(ps, [null, "d", "d"]).map((p) => p.id)).toEqual(["d", "a", "b", "c"]);
    expect(inPreferredOrder(ps, ["x"]).map((p) => p.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("with nothing used or marked, offers the factors in the registry's order, whatever order the database returns them in", async () => {
    const user = await makeUser();
    // Stored in the opposite of the registry's order (and of the ids' alphabetical one).
    await db.twoFactorProviderState.createMany({
      data: ["hotp", "email", "backup_codes"].map((providerId) => ({ userId: user.id, providerId, enabled: true })),
    });
    await enrolTotp(user.id);
    const registry = installedProviders().map((p) => p.id);
    const { first, offered } = await opensWith(user.id);
    const factors = offered.filter((id) => id !== "backup_codes");
    expect(factors.sort()).toEqual(["email", "hotp", "totp"]);
    expect(offered).toEqual([...registry.filter((id) => factors.includes(id)), "backup_codes"]);
    expect(first).toBe(offered[0]);
  });

  it("opens the factor used last, though not first by default; a marked one beats it; backup codes stay on offer", async () => {
    const user = await userWithTwoFactors();
    // The premise: with nothing used or marked, the HOTP key does not open first.
    expect((await opensWith(user.id)).first).not.toBe("hotp");
    // TOTP used an hour ago, the HOTP key a minute ago: the latest use wins.
    await db.twoFactorProviderState.update({
      where: { userId_providerId: { userId: user.id, providerId: "totp" } },
      data: { lastUsedAt: new Date(Date.now() - 3_600_000) },
    });
    await markProviderUsed(user.id, "hotp");
    expect((await opensWith(user.id)).first).toBe("hotp");

    // Marked: e-mail codes, ahead of the HOTP key used last.
    expect(await setPreferredProvider(user.id, "email", META)).toMatchObject({ ok: true });
    const { first, offered } = await opensWith(user.id);
    expect(first).toBe("email");
    expect(offered.slice(0, 2)).toEqual(["email", "hotp"]);
    expect(offered).toHaveLength(4);
    expect(offered).toEqual(expect.arrayContaining(["totp", "backup_codes"]));
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "factor.preferred" } })).toBe(1);
    // Cleared: the last used opens first again.
    expect(await setPreferredProvider(user.id, "")).toMatchObject({ ok: true, data: { providerId: null } });
    expect((await opensWith(user.id)).first).toBe("hotp");
  });

  it.each([
    ["a factor the user does not have on", "sms"],
    ["a recovery method", "backup_codes"],
    ["no provider at all", "../../etc"],
  ])("refuses %s", async (_name, id) => {
    const user = await userWithTwoFactors();
    expect(await setPreferredProvider(user.id, id)).toMatchObject({ ok: false, error: "invalid_input" });
    expect(await markedProviderId(user.id)).toBeNull();
  });

  it("passes over a mark whose factor was turned off since", async () => {
    const user = await userWithTwoFactors();
    const unmarked = (await opensWith(user.id)).first;
    expect(unmarked).not.toBe("hotp");
    await setPreferredProvider(user.id, "hotp");
    expect((await opensWith(user.id)).first).toBe("hotp");
    await db.twoFactorProviderState.update({ where: { userId_providerId: { userId: user.id, providerId: "hotp" } }, data: { enabled: false } });
    expect((await opensWith(user.id)).first).toBe(unmarked);
  });
});
