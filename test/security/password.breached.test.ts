// Threat: a new password that is already in attackers' breach lists (ASVS 6.2.12) — not common enough for the offline list, but tried by every credential-stuffing run.
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { captureLog } from "@/test/support/log";
import { startPwnedPasswordsFake, type PwnedPasswordsFake } from "@/test/fakes/pwned-passwords";

/** Passes every offline rule; the fake says it was seen in breaches. */
const BREACHED_PASSWORD = "purple monkey dishwasher 7";
/** Passes every offline rule; its hash suffix shows up only as a padding row (count 0). */
const PADDED_PASSWORD = "lantern orchard quietly 42";
const STRONG = "violet anchors drift south";

const KEYS = ["BREACHED_PASSWORD_CHECK", "BREACHED_PASSWORD_API_URL", "BREACHED_PASSWORD_TIMEOUT_MS"] as const;

let fake: PwnedPasswordsFake;

/**
 * lib/env.ts reads the environment once per module graph: set it, then load the
 * modules afresh. The CLI child processes inherit the same variables.
 */
async function loadWith(vars: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const key of KEYS) {
    if (vars[key] === undefined) delete process.env[key];
    else process.env[key] = vars[key];
  }
  vi.resetModules();
  return {
    policy: await import("@/lib/auth/password-policy"),
    breached: await import("@/lib/auth/breached-passwords"),
    entry: await import("@/test/support/new-password"),
  };
}

const OWNER = { login: "somebody" };
const INSTANCE = { name: "Gatehouse", host: null };

beforeAll(async () => {
  fake = await startPwnedPasswordsFake({ [BREACHED_PASSWORD]: 3 });
  fake.paddedOnly.add(PADDED_PASSWORD);
});

afterEach(() => {
  fake.mode = "ok";
  fake.junk = false;
  fake.requests.length = 0;
  vi.restoreAllMocks();
});

afterAll(async () => {
  for (const key of KEYS) delete process.env[key];
  vi.resetModules();
  await fake?.close();
});

/** Everything a request to the service carried, as one string. */
const carried = (r: PwnedPasswordsFake["requests"][number]) => [r.method, r.path, r.query.toString(), r.body, JSON.stringify(r.headers)].join("\n");

describe("the range answer is read as the API documents it", () => {
  it("SHA-1 of the password as typed, upper-case hex: 5 characters sent, 35 kept", async () => {
    const { breached } = await loadWith({});
    // SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8
    expect(breached.rangeQuery("password")).toEqual({ prefix: "5BAA6", suffix: "1E4C9B93F3F0682250B6CF8331B7EE68FD8" });
  });

  it("CRLF rows, any hex case; padding rows (count 0) are not a sighting; anything else is not a range", async () => {
    const { breached } = await loadWith({});
    const suffix = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";
    const rows = breached.parseRange(`0018A45C4D1DEF81644B54AB7F969B88D65:10\r\n${suffix.toLowerCase()}:9545824\r\nFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0\r\n`)!;
    expect(rows).toHaveLength(3);
    expect(breached.timesSeen(rows, suffix)).toBe(9_545_824);
    expect(breached.timesSeen(rows, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")).toBe(0);
    expect(breached.timesSeen(rows, "0000000000000000000000000000000000A")).toBe(0);
    for (const junk of ["", "\r\n", "<html>", `${suffix}:12\r\n<p>cut off`, `${suffix}`, `${suffix}:`, `${suffix.slice(1)}:3`, `${suffix}:-1`]) {
      expect(breached.parseRange(junk), JSON.stringify(junk)).toBeNull();
    }
  });
});

describe("with BREACHED_PASSWORD_CHECK=hibp", () => {
  let lib: Awaited<ReturnType<typeof loadWith>>;
  beforeAll(async () => {
    lib = await loadWith({ BREACHED_PASSWORD_CHECK: "hibp", BREACHED_PASSWORD_API_URL: `${fake.url}/` });
  });

  it("refuses a breached password at every entry point, at the field, writing nothing — having sent only the 5-character prefix", async () => {
    await lib.entry.expectRefusedEverywhere(() => ({ login: lib.entry.freshLogin("breached") }), BREACHED_PASSWORD, lib.breached.BREACHED);
    expect(lib.breached.BREACHED).not.toMatch(/\d/); // the count is not shown (see docs/security.md)

    // What reached the service: the prefix, Add-Padding and a User-Agent — never the password, its hash or suffix.
    const { prefix, suffix } = lib.breached.rangeQuery(BREACHED_PASSWORD);
    // Set-up, CLI, change, reset: one look-up each (the accounts made to change and reset add theirs).
    expect(fake.requests.filter((r) => r.path === `/range/${prefix}`)).toHaveLength(4);
    for (const request of fake.requests) {
      expect(request.method).toBe("GET");
      expect(request.path).toMatch(/^\/range\/[0-9A-F]{5}$/);
      expect(request.headers["add-padding"]).toBe("true");
      expect(request.headers["user-agent"]).toBe(lib.breached.USER_AGENT);
      const all = carried(request).toUpperCase();
      expect(all).not.toContain(suffix.slice(0, 8)); // not even a part of the rest of the hash
      expect(all).not.toContain(BREACHED_PASSWORD.toUpperCase());
      expect(all).not.toContain("PURPLE");
    }
  });

  it("accepts a password whose suffix is only a padding row, and one the range does not hold", async () => {
    expect(await lib.policy.checkNewPassword(PADDED_PASSWORD, OWNER, INSTANCE)).toBeNull();
    expect(await lib.policy.checkNewPassword(STRONG, OWNER, INSTANCE)).toBeNull();
    expect(fake.requests.map((r) => r.path)).toEqual([
      `/range/${lib.breached.rangeQuery(PADDED_PASSWORD).prefix}`,
      `/range/${lib.breached.rangeQuery(STRONG).prefix}`,
    ]);
  });

  it("accepts a strong password at every entry point, the CLI printing nothing", async () => {
    const run = await lib.entry.expectAcceptedEverywhere(() => ({ login: lib.entry.freshLogin("strong") }), STRONG);
    expect(run.stderr).toBe("");
    expect(fake.requests.filter((r) => r.path === `/range/${lib.breached.rangeQuery(STRONG).prefix}`)).toHaveLength(4);
  });

  it("asks only after the offline rules: a common or context-word password is refused without a look-up", async () => {
    expect(await lib.policy.checkNewPassword("Password2024!", OWNER, INSTANCE)).toBe(lib.policy.TOO_COMMON);
    expect(await lib.policy.checkNewPassword("MalloryQuinn1990!", { login: "mallory.quinn" }, INSTANCE)).toBe(lib.policy.ABOUT_THE_ACCOUNT);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("fails open: when the service cannot answer, the offline checks alone decide, with one log line", () => {
  /** A port nothing listens on. */
  async function closedPortUrl(): Promise<string> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${port}`;
  }

  const scenarios = {
    down: async () => ({ url: await closedPortUrl(), reason: /unreachable \(ECONNREFUSED/ }),
    slow: async () => {
      fake.mode = "hang";
      return { url: fake.url, reason: /unreachable \(no answer before the timeout\)/ };
    },
    "HTTP 500": async () => {
      fake.mode = "error500";
      return { url: fake.url, reason: /HTTP 500/ };
    },
    junk: async () => {
      fake.junk = true;
      return { url: fake.url, reason: /not a Pwned Passwords range/ };
    },
  };

  it.each(Object.keys(scenarios) as (keyof typeof scenarios)[])("service %s: a breached password is accepted everywhere", async (name) => {
    const { url, reason } = await scenarios[name]();
    const lib = await loadWith({ BREACHED_PASSWORD_CHECK: "hibp", BREACHED_PASSWORD_API_URL: url, BREACHED_PASSWORD_TIMEOUT_MS: "400" });
    const { prefix, suffix } = lib.breached.rangeQuery(BREACHED_PASSWORD);
    const log = captureLog();
    const warnings = () => log.entries.filter((e) => e.level === 40);

    const started = Date.now();
    expect(await lib.policy.checkNewPassword(BREACHED_PASSWORD, OWNER, INSTANCE)).toBeNull();
    expect(Date.now() - started).toBeLessThan(3000); // the timeout, not a hang
    expect(warnings()).toHaveLength(1);
    const entry = warnings()[0]!;
    expect(entry.msg).toBe("breached-password look-up skipped; the new password was judged by the offline checks only");
    expect(entry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(entry.reason).toMatch(reason);

    const run = await lib.entry.expectAcceptedEverywhere(() => ({ login: lib.entry.freshLogin(`open-${name.replace(/\W/g, "")}`) }), BREACHED_PASSWORD);
    // The above, set-up, change, reset, and the two accounts made to change and reset (the CLI logs to its own stderr).
    log.restore();
    expect(warnings()).toHaveLength(6);
    expect(run.stderr).toMatch(
      /^\{"level":40,.*"host":"127\.0\.0\.1:\d+".*"msg":"breached-password look-up skipped; the new password was judged by the offline checks only"\}\n$/,
    );

    for (const logged of [...log.entries.map((e) => JSON.stringify(e)), run.stderr]) {
      expect(logged).not.toContain(prefix);
      expect(logged).not.toContain(suffix);
      expect(logged).not.toContain(BREACHED_PASSWORD);
    }
  });

  it("the offline checks still apply when the service is down", async () => {
    const lib = await loadWith({ BREACHED_PASSWORD_CHECK: "hibp", BREACHED_PASSWORD_API_URL: await closedPortUrl() });
    expect(await lib.policy.checkNewPassword("Password2024!", OWNER, INSTANCE)).toBe(lib.policy.TOO_COMMON);
  });
});

describe("with the check off (the default)", () => {
  it("a breached password is accepted everywhere and the service is never asked, even with its URL set", async () => {
    const lib = await loadWith({ BREACHED_PASSWORD_API_URL: fake.url });
    const log = captureLog();
    const run = await lib.entry.expectAcceptedEverywhere(() => ({ login: lib.entry.freshLogin("off") }), BREACHED_PASSWORD);
    log.restore();
    expect(run.stderr).toBe("");
    expect(log.entries.filter((e) => e.level === 40)).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});
