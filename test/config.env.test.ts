import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

describe("configuration", () => {
  it("defaults to SQLite in ./data on port 3000", () => {
    const e = parseEnv({});
    expect(e.databaseKind).toBe("sqlite");
    expect(e.databaseUrl).toMatch(/data\/gatehouse\.db$/);
    expect(e.port).toBe(3000);
    expect(e.trustProxy).toBe(false);
    expect(e.throttle).toEqual({ maxFailures: 10, blockSeconds: 900, maxDelaySeconds: 25, accountFailures: 20, accountMaxFailures: 100, windowSeconds: 43_200 });
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
