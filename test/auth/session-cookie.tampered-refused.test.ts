// Threat: a forged, tampered, foreign or expired session cookie opens a session (and the fast decoder must accept exactly what next-auth issues).
import { EncryptJWT, base64url } from "jose";
import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionCookieName } from "@/lib/auth/cookies";
import { jwtSecret, readSessionCookie } from "@/lib/auth/session-cookie";

const salt = () => sessionCookieName();
const issue = (sid: unknown, options: { maxAge?: number; secret?: string; salt?: string } = {}) =>
  encode({ token: { sid } as Record<string, unknown>, secret: options.secret ?? jwtSecret(), salt: options.salt ?? salt(), maxAge: options.maxAge });
const nextAuthSid = async (token: string) => {
  try {
    const payload = await decode({ token, secret: jwtSecret(), salt: salt() });
    return typeof payload?.sid === "string" ? payload.sid : null;
  } catch {
    return null;
  }
};

/** Changes one character of one of the five JWE parts (to another valid base64url character). */
function flip(token: string, part: number, at = 3): string {
  const parts = token.split(".");
  const s = parts[part]!;
  const i = Math.min(at, s.length - 1);
  parts[part] = s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
  return parts.join(".");
}

describe("reading the session cookie", () => {
  it("reads every cookie next-auth issues, as next-auth's own decode does", async () => {
    const sids = ["a", "x".repeat(43), "ünïcødé-✓", ...Array.from({ length: 20 }, (_, i) => `sid-${i}-${Math.random()}`)];
    for (const sid of sids) {
      const token = await issue(sid);
      expect(readSessionCookie(token)).toBe(sid);
      expect(await nextAuthSid(token)).toBe(sid);
    }
  });

  it("refuses a cookie with any part tampered with", async () => {
    const token = await issue("the-sid");
    for (const part of [0, 2, 3, 4]) {
      for (const at of [0, 5, 20]) {
        const forged = flip(token, part, at);
        if (forged === token) continue;
        expect(readSessionCookie(forged), `part ${part} at ${at}`).toBeNull();
        expect(await nextAuthSid(forged)).toBeNull();
      }
    }
    expect(readSessionCookie(token.split(".").slice(0, 4).join("."))).toBeNull();
    expect(readSessionCookie(token.replace(/^[^.]+\.\./, (h) => `${h.slice(0, -1)}AAAA.`))).toBeNull();
  });

  it("refuses a cookie made with another secret or for another cookie name", async () => {
    expect(readSessionCookie(await issue("sid", { secret: "another-secret-another-secret-another" }))).toBeNull();
    expect(readSessionCookie(await issue("sid", { salt: "authjs.session-token" }))).toBeNull();
  });

  it("refuses an expired cookie, with next-auth's 15 s of clock tolerance", async () => {
    expect(readSessionCookie(await issue("sid", { maxAge: -60 }))).toBeNull();
    expect(await nextAuthSid(await issue("sid", { maxAge: -60 }))).toBeNull();
    expect(readSessionCookie(await issue("sid", { maxAge: -5 }))).toBe("sid");
    const token = await issue("sid", { maxAge: 3600 });
    expect(readSessionCookie(token, Date.now() + 3600_000 + 16_000)).toBeNull();
  });

  it("refuses a cookie that is not yet valid or carries no expiry", async () => {
    const key = await keyOf();
    const future = await new EncryptJWT({ sid: "sid" })
      .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" })
      .setExpirationTime("1h")
      .setNotBefore("10m")
      .encrypt(key);
    expect(readSessionCookie(future)).toBeNull();
    const forever = await new EncryptJWT({ sid: "sid" }).setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" }).encrypt(key);
    expect(readSessionCookie(forever)).toBeNull();
  });

  it("refuses other algorithms and unknown header fields, even under the right key", async () => {
    const key = await keyOf();
    const gcm = await new EncryptJWT({ sid: "sid" }).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).setExpirationTime("1h").encrypt(key.subarray(0, 32));
    expect(readSessionCookie(gcm)).toBeNull();
    const extra = await new EncryptJWT({ sid: "sid" })
      .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512", cty: "JWT" })
      .setExpirationTime("1h")
      .encrypt(key);
    expect(readSessionCookie(extra)).toBeNull();
    const ok = await new EncryptJWT({ sid: "sid" }).setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" }).setExpirationTime("1h").encrypt(key);
    expect(readSessionCookie(ok)).toBe("sid");
    const unsecured = `${base64url.encode(JSON.stringify({ alg: "none" }))}.${base64url.encode(JSON.stringify({ sid: "sid", exp: 2e9 }))}.`;
    expect(readSessionCookie(unsecured)).toBeNull();
  });

  it("refuses garbage, empty and oversized values, and a payload without a string sid", async () => {
    for (const value of [undefined, "", "....", "a.b.c.d.e", "%%%.%.%.%.%", "x".repeat(5000)]) expect(readSessionCookie(value)).toBeNull();
    expect(readSessionCookie(await issue(42))).toBeNull();
  });
});

/** next-auth's derived cookie key (the same HKDF as @auth/core/jwt), to build tokens it would not issue. */
async function keyOf(): Promise<Uint8Array> {
  const { hkdf } = await import("@panva/hkdf");
  return hkdf("sha256", jwtSecret(), salt(), `Auth.js Generated Encryption Key (${salt()})`, 64);
}

describe("decoded cookies kept in memory", () => {
  it("still checks expiry on every read of a cookie decoded before", async () => {
    const token = await issue("remembered-sid", { maxAge: 60 });
    expect(readSessionCookie(token)).toBe("remembered-sid");
    expect(readSessionCookie(token)).toBe("remembered-sid");
    expect(readSessionCookie(token, Date.now() + 60_000 + 16_000)).toBeNull();
  });

  it("gives the keyed hash the token row is found by", async () => {
    const { hashSecret } = await import("@/lib/crypto/random");
    const { sessionCookieTokenHash } = await import("@/lib/auth/session-cookie");
    const token = await issue("hashed-sid");
    expect(sessionCookieTokenHash(token)).toBe(hashSecret("hashed-sid"));
    expect(sessionCookieTokenHash(flip(token, 4))).toBeNull();
  });
});
