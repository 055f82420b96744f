// Threat: app passwords that can be guessed, misread when typed, or read back from a stolen database.
import { describe, expect, it } from "vitest";
import { APP_PASSWORD_ALPHABET, APP_PASSWORD_BITS, canonicalAppPassword, generateAppPassword } from "@/lib/auth/app-password-format";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { makeAppPassword, makeUser } from "@/test/support/factories";

describe("app password format", () => {
  it("has at least 128 bits of entropy from an alphabet without look-alikes", () => {
    expect(APP_PASSWORD_BITS).toBeGreaterThanOrEqual(128);
    expect(new Set(APP_PASSWORD_ALPHABET).size).toBe(APP_PASSWORD_ALPHABET.length);
    expect(APP_PASSWORD_ALPHABET.length).toBeGreaterThanOrEqual(35);
    for (const lookalike of "01IOlo") expect(APP_PASSWORD_ALPHABET).not.toContain(lookalike);
  });

  it("is five groups of five characters, and every symbol turns up", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const secret = generateAppPassword();
      expect(secret).toMatch(new RegExp(`^([${APP_PASSWORD_ALPHABET}]{5}-){4}[${APP_PASSWORD_ALPHABET}]{5}$`));
      for (const c of secret.replaceAll("-", "")) seen.add(c);
    }
    expect(seen.size).toBe(APP_PASSWORD_ALPHABET.length);
  });

  it("never repeats", () => {
    const many = new Set(Array.from({ length: 2000 }, generateAppPassword));
    expect(many.size).toBe(2000);
  });

  it("canonicalises only strings of the right shape", () => {
    const secret = generateAppPassword();
    expect(canonicalAppPassword(secret)).toBe(secret);
    expect(canonicalAppPassword(secret.replaceAll("-", ""))).toBe(secret);
    for (const wrong of ["", "short", `${secret}-x`, secret.replace(/^./, "0"), ` ${secret}`, "a".repeat(10_000)]) {
      expect(canonicalAppPassword(wrong)).toBeNull();
    }
  });

  it("is stored as a keyed hash in the unique column, nothing else", async () => {
    const user = await makeUser();
    const app = await makeAppPassword(user.id);
    const row = await db.authToken.findUniqueOrThrow({ where: { hash: hashSecret(app.secret) } });
    expect(row).toMatchObject({ id: app.id, type: "app_password", expiresAt: null });
    expect(Object.values(row).map(String).join(" ")).not.toContain(app.secret.slice(0, 11));
  });
});
