// Threat: a mistyped COOKIE_DOMAIN (another site's domain, a public suffix-like value, a URL) hands the session cookie to hosts the operator never meant, or silently does nothing.
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

describe("COOKIE_DOMAIN", () => {
  it("is off by default and normalised when set", () => {
    expect(parseEnv({}).cookieDomain).toBeUndefined();
    expect(parseEnv({ COOKIE_DOMAIN: ".Example.ORG", PUBLIC_URL: "https://auth.example.org" }).cookieDomain).toBe("example.org");
    expect(parseEnv({ COOKIE_DOMAIN: "gatehouse.test" }).cookieDomain).toBe("gatehouse.test");
  });

  it.each([["https://example.org"], ["example.org/path"], ["org"], ["exa mple.org"], ["-bad.example.org"], ["example..org"], [`${"a".repeat(64)}.org`]])(
    "refuses %s with a one-line reason",
    (value) => {
      expect(() => parseEnv({ COOKIE_DOMAIN: value })).toThrow(/COOKIE_DOMAIN must be a domain name/);
    },
  );

  it("must cover PUBLIC_URL's own host (else no browser would ever send the cookie back to Gatehouse)", () => {
    expect(() => parseEnv({ COOKIE_DOMAIN: "example.com", PUBLIC_URL: "https://auth.example.org" })).toThrow(ConfigError);
    expect(() => parseEnv({ COOKIE_DOMAIN: "ample.org", PUBLIC_URL: "https://auth.example.org" })).toThrow(/COOKIE_DOMAIN must be PUBLIC_URL's host/);
    expect(parseEnv({ COOKIE_DOMAIN: "auth.example.org", PUBLIC_URL: "https://auth.example.org" }).cookieDomain).toBe("auth.example.org");
  });
});
