// Threat: an admin CLI that echoes or prints gateway secrets, accepts broken settings silently, or hides why a gateway fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { BOT_TOKEN } from "@/test/fakes/telegram";
import { begin, CASES, caseFor, codeIn, enrolledUser, loginContext, providerFor, startFakes, type ChannelCase, type Fakes } from "@/test/gateways/support";
import { cliAsync, cliOnTerminal } from "@/test/support/cli";
import { makeUser } from "@/test/support/factories";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

const kebab = (key: string) => key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);

/** Half the settings as named flags, half as --field key=value, the secret ones on stdin when there is just one. */
function configureArgs(c: ChannelCase): { args: string[]; input?: string } {
  const settings = c.settings(fakes);
  const args = ["gateway:configure", c.id];
  let input: string | undefined;
  Object.entries(settings).forEach(([key, value], i) => {
    if (c.secrets.length === 1 && value === c.secrets[0] && input === undefined) {
      args.push("--stdin-field", key);
      input = `${value}\n`;
    } else if (i % 2 === 0) args.push(`--${kebab(key)}`, value);
    else args.push("--field", `${key}=${value}`);
  });
  return { args, input };
}

function expectNoSecrets(c: ChannelCase, ...outputs: string[]) {
  for (const output of outputs) for (const secret of c.secrets) expect(output).not.toContain(secret);
}

describe("gateway:configure → gateway:test → sign-in, per channel", () => {
  it.each(CASES)("$id", async (c) => {
    const { args, input } = configureArgs(c);
    const since = (await db.securityEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const configured = await cliAsync(args, input);
    expect(configured.stderr).toBe("");
    expect(configured.code).toBe(0);
    expect(configured.stdout).toMatch(/gateway saved\.\nReachable: /);
    expectNoSecrets(c, configured.stdout);
    // In the security log with the CLI as actor — which channel, never its settings.
    const logged = await db.securityEvent.findMany({ where: { id: { gt: since }, type: "admin.gateway_changed" } });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ userId: null, actor: expect.stringMatching(/^cli:/), details: JSON.stringify({ channel: c.id, change: "configured" }) });

    const admin = await makeUser();
    const recipient = c.recipient(fakes, 61);
    const tested = await cliAsync(["gateway:test", admin.login, c.id, recipient]);
    expect(tested).toMatchObject({ code: 0, stderr: "" });
    expect(tested.stdout).toMatch(/^Test message sent via .+ to .*•/);
    expect(c.received(fakes, recipient).at(-1)).toContain(`test message for ${admin.login}`);

    // What the CLI stored is what sign-in uses.
    const other = c.recipient(fakes, 62);
    const user = await enrolledUser(c, fakes, other);
    const ctx = await loginContext(user.id, user.login);
    expect(await begin(providerFor(c.id), ctx)).toMatchObject({ ok: true });
    expect(await providerFor(c.id).verify(ctx, codeIn(c.received(fakes, other).at(-1)))).toEqual({ ok: true });
  });
});

describe("gateway:status", () => {
  it("lists every channel as configured and reachable, with no secret in plain or JSON output", async () => {
    const plain = await cliAsync(["gateway:status"]);
    expect(plain.code).toBe(0);
    for (const c of CASES) expect(plain.stdout).toMatch(new RegExp(`^${c.id}\\s+configured, reachable — `, "m"));
    expect(plain.stdout).toContain("bot @gatehouse_test_bot");
    const json = await cliAsync(["gateway:status", "--json"]);
    const statuses = JSON.parse(json.stdout) as { channel: string; configured: boolean; reachable: boolean }[];
    expect(statuses.map((s) => [s.channel, s.configured, s.reachable])).toEqual(CASES.map((c) => [c.id, true, true]));
    for (const c of CASES) expectNoSecrets(c, plain.stdout, json.stdout);
  });

  it("shows the service's own words after a failed send", async () => {
    const c = caseFor("telegram");
    const admin = await makeUser();
    const failed = await cliAsync(["gateway:test", admin.login, "telegram", c.unknownRecipient]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toBe("Error: Telegram: unknown_recipient: HTTP 400: Bad Request: chat not found\n");
    fakes.telegram.mode = "error500";
    const status = await cliAsync(["gateway:status", "telegram"]);
    fakes.telegram.mode = "ok";
    expect(status.stdout).toMatch(/^telegram\s+configured, NOT reachable — service_error: HTTP 500: Internal Server Error/m);
    expect(status.stdout).toMatch(/last failure \(service_error, [^)]+\): HTTP 500/);
    expectNoSecrets(c, status.stdout, failed.stderr);
  });
});

describe("refusals: one line on stderr, non-zero, nothing stored", () => {
  it("refuses a non-http gateway URL, malformed settings, unknown channels and settings", async () => {
    const before = await db.gatewayConfig.findUniqueOrThrow({ where: { channel: "signal" } });
    const cases: [string[], RegExp][] = [
      [["gateway:configure", "signal", "--url", "ftp://127.0.0.1/", "--number", "+15550000001"], /Signal REST API URL must be an http:\/\/ or https:\/\/ URL/],
      [["gateway:configure", "signal", "--url", "http://127.0.0.1:1", "--number", "12345"], /international format/],
      [["gateway:configure", "signal", "--token", "x"], /Signal has no setting "token"/],
      [["gateway:configure", "whatsapp"], /Unknown channel "whatsapp". Channels: signal, telegram, sms, threema, xmpp, email\./],
      [["gateway:test", "nobody-here", "signal", "+4917012345678"], /No account "nobody-here"/],
      [["gateway:signal:trust", "not-a-number"], /international format/],
    ];
    for (const [args, reason] of cases) {
      const r = await cliAsync(args);
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    const admin = await makeUser();
    const badRecipient = await cliAsync(["gateway:test", admin.login, "threema", "x".repeat(10_000)]);
    expect(badRecipient.stderr).toBe("Error: Threema ID is too long.\n");
    expect((await db.gatewayConfig.findUniqueOrThrow({ where: { channel: "signal" } })).config).toBe(before.config);
  });

  it("without a terminal, asks for missing settings by name instead of hanging", async () => {
    await db.gatewayConfig.deleteMany({ where: { channel: "threema" } });
    const r = await cliAsync(["gateway:configure", "threema"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe("Error: Gateway ID is needed: run interactively or pass --from (or --field from=…).\n");
  });
});

describe("interactive gateway:configure", () => {
  it("prompts for each setting, hides the token while typed, and saves", async (ctx) => {
    const run = await cliOnTerminal(
      ["gateway:configure", "telegram"],
      [
        [/Bot API URL[^\n]*: $/, fakes.telegram.url],
        [/Bot token[^\n]*: $/, BOT_TOKEN],
        [/Bot username[^\n]*: $/, ""],
        [/Timeout in seconds[^\n]*: $/, "3"],
      ],
    );
    if (!run) return ctx.skip("util-linux `script` is not installed: no terminal to test the prompts on");
    expect(run.code).toBe(0);
    expect(run.screen).toContain("Configuring Telegram.");
    expect(run.screen).toContain("Reachable: bot @gatehouse_test_bot.");
    expect(run.screen).not.toContain(BOT_TOKEN);
    expect(run.screen).not.toContain(BOT_TOKEN.slice(10));
  });

  it("keeps a stored secret when Enter is pressed, and asks again for a value that does not validate", async (ctx) => {
    const run = await cliOnTerminal(
      ["gateway:configure", "telegram", "--no-check"],
      [
        [/Bot API URL[^\n]*: $/, "gopher://nope"],
        [/Bot token[^\n]*\[keep current\]: $/, ""],
        [/Bot username[^\n]*: $/, ""],
        [/Timeout in seconds[^\n]*\[3\]: $/, ""],
        [/must be an http:\/\/ or https:\/\/ URL[^]*Bot API URL[^\n]*: $/, fakes.telegram.url],
      ],
    );
    if (!run) return ctx.skip("util-linux `script` is not installed");
    expect(run.code).toBe(0);
    expect(run.screen).toContain("Telegram gateway saved.");
    const status = await cliAsync(["gateway:status", "telegram"]);
    expect(status.stdout).toMatch(/configured, reachable — bot @gatehouse_test_bot/);
  });
});

describe("gateway:remove", () => {
  it("removes a channel, says how many users it affects, and refuses a second time", async () => {
    const c = caseFor("signal");
    await enrolledUser(c, fakes, c.recipient(fakes, 63));
    const users = await db.twoFactorProviderState.count({ where: { providerId: "signal", enabled: true } });
    const removed = await cliAsync(["gateway:remove", "signal"]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain("Signal gateway removed.");
    expect(removed.stdout).toContain(`${users} user${users === 1 ? " has" : "s have"} Signal codes on`);
    expect(await db.gatewayConfig.count({ where: { channel: "signal" } })).toBe(0);
    const logged = await db.securityEvent.findFirstOrThrow({ where: { type: "admin.gateway_changed" }, orderBy: { id: "desc" } });
    expect(logged).toMatchObject({ actor: expect.stringMatching(/^cli:/), details: JSON.stringify({ channel: "signal", change: "removed" }) });
    const again = await cliAsync(["gateway:remove", "signal"]);
    expect(again).toMatchObject({ code: 1, stderr: "Error: Signal is not configured.\n" });
  });
});
