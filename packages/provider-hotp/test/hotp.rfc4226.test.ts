// RFC 4226 vectors (test/data/rfc4226.json) and the rules around them: key formats, code formats, look-ahead and resynchronisation.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKey, encodeKey, hotp, LOOK_AHEAD, matchCounter, parseCodes, parseKey, RESYNC_WINDOW } from "../src/hotp";

const vectors = JSON.parse(readFileSync(path.join(__dirname, "data/rfc4226.json"), "utf8"));
const secret = new TextEncoder().encode(vectors.secretAscii);
const hex = Buffer.from(secret).toString("hex");
const equal = (a: string, b: string) => a === b;
const key = { key: secret, digits: 6 as const, counter: 0 };

describe("RFC 4226 vectors", () => {
  it("generates the ten HOTP values of Appendix D", async () => {
    for (const { counter, otp } of vectors.values) expect(await hotp(secret, counter, vectors.digits)).toBe(otp);
  });
});

describe("the key's secret", () => {
  it("reads hex (as key tools print it), base32, and a QR code's otpauth://hotp text", () => {
    expect(parseKey(hex)?.key).toEqual(secret);
    expect(parseKey(hex.toUpperCase().replace(/(.{4})/g, "$1 "))?.key).toEqual(secret);
    expect(parseKey(vectors.secretBase32)?.key).toEqual(secret);
    expect(parseKey(vectors.secretBase32.toLowerCase())?.key).toEqual(secret);
    const uri = parseKey(`otpauth://hotp/Example:alice?secret=${vectors.secretBase32}&counter=7&digits=8&issuer=Example`);
    expect(uri).toEqual({ key: secret, digits: 8, counter: 7 });
  });

  it.each([
    "",
    "not a key",
    "00112233445566778899aabbccddee", // 120 bits: under RFC 4226's 128
    `otpauth://totp/x?secret=${"A".repeat(32)}`,
    `otpauth://hotp/x?secret=${"A".repeat(32)}&algorithm=SHA256`,
    `otpauth://hotp/x?secret=${"A".repeat(32)}&digits=7`,
    `otpauth://hotp/x?secret=${"A".repeat(32)}&counter=-1`,
    "A".repeat(1_000_000),
  ])("refuses what is no HOTP key %#", (input) => {
    expect(parseKey(input)).toBeNull();
  });

  it("is stored as digits and hex, and read back the same", () => {
    expect(decodeKey(encodeKey({ key: secret, digits: 8, counter: 0 }), 5)).toEqual({ key: secret, digits: 8, counter: 5 });
  });
});

describe("codes", () => {
  it.each(["", "12345", "1234567", "abcdef", "123456 123456 123456", "1".repeat(100_000)])("refuses malformed input %#", (input) => {
    expect(parseCodes(input, 6)).toBeNull();
  });

  it("takes one code, or two separated by a space or comma", () => {
    expect(parseCodes(" 755224 ", 6)).toEqual(["755224"]);
    expect(parseCodes("755224 287082", 6)).toEqual(["755224", "287082"]);
    expect(parseCodes("755224,287082", 6)).toEqual(["755224", "287082"]);
  });

  it(`accepts one code up to ${LOOK_AHEAD} presses ahead, and no further`, async () => {
    const at = (c: number) => hotp(secret, c, 6);
    expect(await matchCounter(key, 0, [await at(0)], equal)).toBe(0);
    expect(await matchCounter(key, 0, [await at(LOOK_AHEAD - 1)], equal)).toBe(LOOK_AHEAD - 1);
    expect(await matchCounter(key, 0, [await at(LOOK_AHEAD)], equal)).toBeNull();
    expect(await matchCounter(key, 5, [await at(4)], equal)).toBeNull(); // behind the counter: used
  });

  it(`resynchronises on two consecutive codes up to ${RESYNC_WINDOW} presses ahead`, async () => {
    const at = (c: number) => hotp(secret, c, 6);
    expect(await matchCounter(key, 0, [await at(50), await at(51)], equal)).toBe(51);
    expect(await matchCounter(key, 0, [await at(RESYNC_WINDOW - 1), await at(RESYNC_WINDOW)], equal)).toBe(RESYNC_WINDOW);
    expect(await matchCounter(key, 0, [await at(RESYNC_WINDOW), await at(RESYNC_WINDOW + 1)], equal)).toBeNull();
    expect(await matchCounter(key, 0, [await at(50), await at(52)], equal)).toBeNull(); // not consecutive
    expect(await matchCounter(key, 0, [await at(51), await at(50)], equal)).toBeNull(); // wrong order
  });
});
