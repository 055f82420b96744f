// Threat: a session cookie or page leaking over plain http, to scripts, or to other hosts — under https every cookie is Secure and __Host-, and HSTS is sent.
import { afterAll, describe, expect, it, vi } from "vitest";
import { API_CONTENT_SECURITY_POLICY, contentSecurityPolicy, newNonce, strictTransportSecurity } from "@/lib/security/headers";

afterAll(() => {
  delete process.env.PUBLIC_URL;
});

async function cookiesUnder(publicUrl: string | undefined) {
  if (publicUrl) process.env.PUBLIC_URL = publicUrl;
  else delete process.env.PUBLIC_URL;
  vi.resetModules();
  return import("@/lib/auth/cookies");
}

describe("cookies", () => {
  it("are HttpOnly, SameSite=Lax, Secure and __Host- prefixed when PUBLIC_URL is https", async () => {
    const c = await cookiesUnder("https://auth.example.org");
    expect(c.sessionCookieName()).toBe("__Host-gatehouse-session");
    expect(c.challengeCookieName()).toBe("__Host-gatehouse-challenge");
    expect(c.deviceCookieName()).toBe("__Host-gatehouse-device");
    expect(c.cookieOptions()).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
    // Deleting a __Host- cookie needs the same flags, or the browser ignores it.
    expect(c.deletedCookie(c.challengeCookieName())).toEqual({ name: "__Host-gatehouse-challenge", httpOnly: true, sameSite: "lax", path: "/", secure: true });
  });

  it("keep HttpOnly and SameSite=Lax over plain http (development, localhost), without the prefix browsers would refuse", async () => {
    const c = await cookiesUnder(undefined);
    expect(c.sessionCookieName()).toBe("gatehouse-session");
    expect(c.cookieOptions()).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
  });
});

describe("browser security headers", () => {
  it("give pages a nonce-only script policy that forbids framing, plugins and <base>", () => {
    const nonce = newNonce();
    const csp = contentSecurityPolicy(nonce, { dev: false, https: true });
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toContain("unsafe-");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy(nonce, { dev: false, https: false })).not.toContain("upgrade-insecure-requests");
    expect(newNonce()).not.toBe(nonce);
    expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("deny everything to API responses, and send HSTS only under https", () => {
    expect(API_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    expect(strictTransportSecurity("https://auth.example.org")).toBe("max-age=31536000; includeSubDomains");
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
    expect(strictTransportSecurity(undefined)).toBeNull();
  });
});
