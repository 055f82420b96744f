// RFC 4226 / RFC 6238 vectors (test/data/otp.json) and the code rules around them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { groupSecret, matchingStep, newTotpSecret, normalizeCode, totpUri } from "./totp";

const vectors = JSON.parse(readFileSync(path.resolve(__dirname, "../../../test/data/otp.json"), "utf8"));

describe("RFC vectors", () => {
  it("generates the RFC 4226 HOTP values", async () => {
    const secret = new TextEncoder().encode(vectors.hotp.secretAscii);
    for (const { counter, otp } of vectors.hotp.values) {
      expect(await generate({ strategy: "hotp", secret, counter, digits: vectors.hotp.digits })).toBe(otp);
    }
  });

  it.each(["sha1", "sha256", "sha512"] as const)("generates the RFC 6238 TOTP values for %s", async (algorithm) => {
    const { period, digits, secrets, values } = vectors.totp;
    const secret = new TextEncoder().encode(secrets[algorithm].ascii);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) {
      expect(await generate({ secret, epoch: v.time, digits, period, algorithm })).toBe(v[algorithm]);
    }
  });
});

describe("TOTP rules", () => {
  it("uses 160-bit secrets and a standard otpauth URI", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri("Gatehouse", "alice", secret));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Gatehouse:alice");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Gatehouse");
    expect(groupSecret("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
  });

  it("accepts the current step and one step either side, nothing further", async () => {
    const secret = newTotpSecret();
    const now = 1_900_000_000;
    const code = async (t: number) => generate({ secret, epoch: t });
    expect(await matchingStep(secret, await code(now), null, now)).toBe(Math.floor(now / 30));
    expect(await matchingStep(secret, await code(now - 30), null, now)).not.toBeNull();
    expect(await matchingStep(secret, await code(now + 30), null, now)).not.toBeNull();
    expect(await matchingStep(secret, await code(now - 90), null, now)).toBeNull();
  });

  it("refuses a step at or before the last used one", async () => {
    const secret = newTotpSecret();
    const now = 1_900_000_000;
    const step = Math.floor(now / 30);
    expect(await matchingStep(secret, await generate({ secret, epoch: now }), step, now)).toBeNull();
    expect(await matchingStep(secret, await generate({ secret, epoch: now }), step - 1, now)).toBe(step);
  });

  it.each(["", "12345", "1234567", "abcdef", "12 34 5a", "1".repeat(1_000_000)])("refuses malformed input %#", (input) => {
    expect(normalizeCode(input)).toBeNull();
  });

  it("accepts spaces and dashes in a code", () => {
    expect(normalizeCode(" 123 456 ")).toBe("123456");
    expect(normalizeCode("123-456")).toBe("123456");
  });
});
