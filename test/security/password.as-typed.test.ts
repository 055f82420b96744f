// Threat: a shrunken password space — trimming, truncating or case-folding passwords would let near-miss guesses in.
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { createUser } from "@/lib/users";
import { makeUser } from "@/test/support/factories";
import { client, noSecondFactor } from "@/test/support/security";

/** Letters with and without accents, CJK, symbols and spaces (each one UTF-16 unit). */
const ANY = "äöüßéñøåç 漢字かな ✓€§ abcXYZ 0189 !?#";

describe("passwords are checked exactly as typed", () => {
  it("refuses the same password trimmed, re-cased or cut short", async () => {
    const password = "  Correct Horse Battery Staple ✓ ";
    const user = await makeUser({ password });
    const meta = client();
    for (const near of [password.trim(), password.toLowerCase(), password.slice(0, -1), password.normalize("NFKD").replace("✓", "v")]) {
      expect(await passwordStep({ login: user.login, password: near }, meta, noSecondFactor), JSON.stringify(near)).toMatchObject({
        error: "invalid_credentials",
      });
    }
    expect(await passwordStep({ login: user.login, password }, meta, noSecondFactor)).toMatchObject({ ok: true });
  });

  it("accepts long passphrases (64 and 1,024 characters, any characters) and refuses longer ones with a clear message", async () => {
    for (const length of [64, 1024]) {
      // Random, not one character repeated: a repetition would be refused as too common.
      const password = Array.from({ length }, () => ANY[randomInt(ANY.length)]).join("");
      const user = await makeUser({ password });
      expect(await passwordStep({ login: user.login, password }, client(), noSecondFactor)).toMatchObject({ ok: true });
    }
    const tooLong = await createUser({ login: `long-${Date.now()}`, password: "x".repeat(1025) });
    expect(tooLong).toMatchObject({ ok: false, error: "invalid_input", fields: { password: "Use at most 1024 characters." } });
  });
});
