// Threat: a new password that attackers try first — one from the breach lists, or one of them with a year or "!" added.
import { describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { commonPasswords } from "@/lib/auth/common-passwords";
import { hashPassword } from "@/lib/auth/password";
import { checkNewPassword, fold, isCommonPassword, TOO_COMMON } from "@/lib/auth/password-policy";
import { db } from "@/lib/db";
import { makeUser, PASSWORD } from "@/test/support/factories";
import { existingAccount, expectRefusedEverywhere, freshLogin, viaAdminReset, viaChange, viaCli, viaSetup } from "@/test/support/new-password";
import { client, noSecondFactor } from "@/test/support/security";

const OWNER = { login: "somebody" };
const INSTANCE = { name: "Gatehouse", host: null };
const refused = async (password: string) => (await checkNewPassword(password, OWNER, INSTANCE)) === TOO_COMMON;

describe("the common-password list", () => {
  it("holds well over the 3,000 most common passwords (ASVS 6.2.4), most common first", async () => {
    const list = await commonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(3_000);
    expect(list.size).toBeGreaterThanOrEqual(40_000);
    expect([...list].slice(0, 3)).toEqual(["123456", "password", "12345678"]);
    for (const word of ["qwertyuiop", "iloveyou", "trustno1", "letmein", "p@ssw0rd", "1q2w3e4r5t"]) expect(list.has(word), word).toBe(true);
  });

  it("is loaded once: every caller gets the same Set", async () => {
    expect(await commonPasswords()).toBe(await commonPasswords());
  });
});

describe("a new password is refused as too common", () => {
  it.each([
    "qwertyuiop", // on the list as it is
    "QwertyUiop", // in any case
    "1q2w3e4r5t", // keyboard walks from the list
    "password2024", // a list password with a year
    "Password2024!", // …and a symbol
    "iloveyou!!!123", // up to 8 digits, symbols or spaces added at the end…
    "2024!Dragon", // …or at the start
    "123 sunshine !", // …or both
    "P@ssw0rd1234", // the list's own substitutions
    "Pässwörd2024", // accents folded
    "ｐａｓｓｗｏｒｄ２０２４", // full-width forms folded (NFKD)
    "aaaaaaaaaa", // one character repeated (NIST 5.1.1.2 "repetitive")
    "abcabcabcabc", // a short group repeated
    "qwertyqwerty", // a list password repeated
    "abcdefghij", // a straight run (NIST "sequential")
    "0987654321",
    "abcd123456", // a short run with digits added
    "password123456789", // "password1" from the list, 8 digits added
  ])("%j", async (password) => {
    expect(await refused(password)).toBe(true);
  });
});

describe("a new password is accepted", () => {
  it.each([
    "correct horse battery staple",
    "a brand new long password", // contains list words, but is not one
    "monkey-business-2024", // words joined, not one word decorated
    "dragon 2024 lighthouse",
    "Tr0ub4dor&3 is long",
    "Zq9!wXy2#kLm",
  ])("%j", async (password) => {
    expect(await checkNewPassword(password, OWNER, INSTANCE)).toBeNull();
  });

  it("folds case, accents and width; a decoration is digits, symbols or spaces, never letters", () => {
    expect(fold("PÄSSWÖRD")).toBe("password");
    const list = new Set(["dragon"]);
    expect(isCommonPassword(fold("DRAGON!!"), list)).toBe(true);
    expect(isCommonPassword(fold("DRAGONS!!"), list)).toBe(false);
  });
});

describe("every entry point refuses a common password and writes nothing", () => {
  it("first-admin set-up, CLI user:add (one line, exit 1), password change, admin reset", async () => {
    await expectRefusedEverywhere(() => ({ login: freshLogin("common") }), "Password2024!", TOO_COMMON);
  });

  it("and each accepts a strong one", async () => {
    const strong = "violet anchors drift south";
    const setup = await viaSetup({ login: freshLogin("strong") }, strong);
    // Once set up, the page is gone ("setup_done") — but the password got past every rule.
    expect(setup.result.ok || (!setup.result.ok && setup.result.error === "setup_done")).toBe(true);

    const cliRun = await viaCli({ login: freshLogin("strong") }, strong);
    expect(cliRun).toMatchObject({ code: 0, stderr: "" });
    expect(cliRun.created).not.toBeNull();

    const own = await existingAccount({ login: freshLogin("strong") });
    const change = await viaChange(own, strong);
    expect(change.result).toMatchObject({ ok: true });
    expect(change.after.passwordHash).not.toBe(change.before.passwordHash);

    const target = await existingAccount({ login: freshLogin("strong") });
    const reset = await viaAdminReset(target, strong);
    expect(reset.result).toMatchObject({ ok: true, data: { revoked: 1 } });
  });
});

describe("only new passwords are checked", () => {
  it("an existing account whose password is on the list still signs in with it", async () => {
    const user = await makeUser();
    // As if set before the list existed.
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("Password2024!") } });
    expect(await passwordStep({ login: user.login, password: "Password2024!" }, client(), noSecondFactor)).toMatchObject({ ok: true });
    expect(await passwordStep({ login: user.login, password: PASSWORD }, client(), noSecondFactor)).toMatchObject({ error: "invalid_credentials" });
  });
});
