// Threat: a user code that can be misread (0/O, 1/I), spells words, or that the page accepts in a shape the device never showed — or a match code the client cannot reproduce.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatUserCode, generateUserCode, matchCodeFor, normalizeUserCode, USER_CODE_ALPHABET } from "@/lib/client-flows/codes";

describe("device user codes and match codes", () => {
  it("draws 8 letters from the 20 consonants of RFC 8628 §6.1 and shows them XXXX-XXXX", () => {
    expect(USER_CODE_ALPHABET).toBe("BCDFGHJKLMNPQRSTVWXZ");
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const code = generateUserCode();
      expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
      for (const c of code) seen.add(c);
      expect(formatUserCode(code)).toBe(`${code.slice(0, 4)}-${code.slice(4)}`);
    }
    expect(seen.size).toBe(20);
  });

  it("accepts what a person types (case, dash, spaces) and nothing else", () => {
    expect(normalizeUserCode("bcdf-ghjk")).toBe("BCDFGHJK");
    expect(normalizeUserCode(" BCDF GHJK ")).toBe("BCDFGHJK");
    for (const bad of ["BCDF-GHJ", "BCDF-GHJKL", "BCDF-GHJ0", "ABCD-EFGH", "BCDF_GHJK", "", "Ｂ".repeat(8), 12345678, null, "B".repeat(40)]) {
      expect(normalizeUserCode(bad)).toBeNull();
    }
  });

  it("derives the match code as docs/clients.md tells clients to", () => {
    const token = "mQ2-example-poll-token";
    const n = createHash("sha256").update(token).digest().readUInt32BE(0) % 1_000_000;
    const digits = String(n).padStart(6, "0");
    expect(matchCodeFor(token)).toBe(`${digits.slice(0, 3)} ${digits.slice(3)}`);
    expect(matchCodeFor(token)).toMatch(/^\d{3} \d{3}$/);
  });
});
