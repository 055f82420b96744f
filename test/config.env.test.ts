import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

describe("configuration", () => {
  it("defaults to SQLite in ./data on port 3000", () => {
    const e = parseEnv({});
    expect(e.databaseKind).toBe("sqlite");
    expect(e.databaseUrl).toMatch(/data\/gatehouse\.db$/);
    expect(e.port).toBe(3000);
    expect(e.trustProxy).toBe(false);
    expect(e.throttle).toEqual({
      maxFailures: 10,
      blockSeconds: 900,
      maxDelaySeconds: 25,
      accountFailures: 20,
      accountMaxFailures: 100,
      windowSeconds: 43_200,
    });
  });

  it("leaves the breached-password look-up off unless the operator turns it on", () => {
    expect(parseEnv({}).breachedPasswords).toEqual({ check: "off", apiUrl: "https://api.pwnedpasswords.com", timeoutMs: 3000 });
    expect(
      parseEnv({ BREACHED_PASSWORD_CHECK: "hibp", BREACHED_PASSWORD_API_URL: "http://pwned.lan:8080/", BREACHED_PASSWORD_TIMEOUT_MS: "1500" })
        .breachedPasswords,
    ).toEqual({ check: "hibp", apiUrl: "http://pwned.lan:8080", timeoutMs: 1500 });
  });

  it("switches to PostgreSQL by the DATABASE_URL scheme", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://app:app@db/gh" }).databaseKind).toBe("postgresql");
  });

  it.each([
    [{ PORT: "eighty" }, /PORT/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL/],
    [{ PUBLIC_URL: "ftp://x" }, /PUBLIC_URL/],
    [{ TRUST_PROXY: "maybe" }, /TRUST_PROXY/],
    [{ INSTANCE_SECRET: "short" }, /INSTANCE_SECRET/],
    [{ THROTTLE_ACCOUNT_MAX_FAILURES: "500" }, /THROTTLE_ACCOUNT_MAX_FAILURES/],
    [{ THROTTLE_ACCOUNT_FAILURES: "50", THROTTLE_ACCOUNT_MAX_FAILURES: "40" }, /THROTTLE_ACCOUNT_MAX_FAILURES/],
    [{ THROTTLE_MAX_FAILURES: "0" }, /THROTTLE_MAX_FAILURES/],
    [{ BREACHED_PASSWORD_CHECK: "on" }, /BREACHED_PASSWORD_CHECK must be off or hibp/],
    [{ BREACHED_PASSWORD_API_URL: "ftp://mirror" }, /BREACHED_PASSWORD_API_URL/],
    [{ BREACHED_PASSWORD_TIMEOUT_MS: "60000" }, /BREACHED_PASSWORD_TIMEOUT_MS/],
  ])("fails fast with a one-line reason for %o", (source, pattern) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    try {
      parseEnv(source);
    } catch (error) {
      expect((error as Error).message).toMatch(pattern);
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
