// Threat: a mistyped sender number or a wrong token is saved without complaint and shows up only when users' codes fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { channelById } from "@/lib/gateways";
import { configureCheckedGateway } from "@/lib/gateways/configure";
import type { ChannelId } from "@/lib/gateways/types";
import { BOT_TOKEN } from "@/test/fakes/telegram";
import { caseFor, configure, startFakes, type Fakes } from "@/test/gateways/support";
import { cliAsync } from "@/test/support/cli";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

async function stored(id: ChannelId) {
  const row = await db.gatewayConfig.findUnique({ where: { channel: id } });
  const events = await db.securityEvent.count({ where: { type: "admin.gateway_changed" } });
  return { config: row?.config ?? null, events };
}

/** Configures `id` with good settings, then tries `settings`: refused with `reason`, nothing changed. */
async function expectRefused(id: ChannelId, settings: Record<string, string>, reason: string) {
  const c = caseFor(id);
  await configure(c, fakes);
  const before = await stored(id);
  const result = await configureCheckedGateway(channelById(id), settings, "test", { check: true });
  expect(result).toMatchObject({ ok: false, error: "invalid_input" });
  const message = (result as { message: string }).message;
  expect(message).toContain(reason);
  expect(message).toContain("save without the check (--no-check");
  for (const secret of c.secrets) expect(message).not.toContain(secret);
  expect(await stored(id)).toEqual(before);
}

describe("gateway:configure checks what can be checked before it saves", () => {
  it("Signal: refuses a sender number signal-cli does not hold (GET /v1/accounts), naming the ones it holds", async () => {
    const c = caseFor("signal");
    await configure(c, fakes);
    const before = await stored("signal");
    const r = await cliAsync(["gateway:configure", "signal", "--url", fakes.signal.url, "--number", "+1 555 999 9999"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(
      "Error: Not saved: Signal refused these settings (sender_account): signal-cli does not hold the sender number +15559999999 (it holds +15550000001).",
    );
    expect(r.stderr).toContain("Register it again (POST /v1/register/{number}");
    expect(await stored("signal")).toEqual(before);

    const forced = await cliAsync(["gateway:configure", "signal", "--url", fakes.signal.url, "--number", "+15559999999", "--no-check"]);
    expect(forced).toMatchObject({ code: 0, stderr: "" });
    expect(forced.stdout).toBe("Signal gateway saved.\nNot checked (--no-check): run `gatehouse gateway:status signal` once the service is up.\n");
    expect((await stored("signal")).config).not.toBe(before.config);
  });

  it("Signal: a sender signal-cli holds is saved and reported reachable", async () => {
    const r = await cliAsync(["gateway:configure", "signal", "--url", fakes.signal.url, "--number", fakes.signal.account]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe("Signal gateway saved.\nReachable: signal-cli-rest-api 0.92, normal mode, sending as +15 ••• ••• 01.\n");
    expect((await db.gatewayConfig.findUniqueOrThrow({ where: { channel: "signal" } })).lastStatus).toBe("ok");
  });

  it("Signal: refuses while signal-cli-rest-api is down, and says --no-check saves anyway", async () => {
    fakes.signal.mode = "error500";
    try {
      await expectRefused("signal", caseFor("signal").settings(fakes), "(service_error): HTTP 500: signal-cli: java.io.IOException: Connection reset");
    } finally {
      fakes.signal.mode = "ok";
    }
  });

  it("Telegram: refuses a token getMe does not accept", async () => {
    await expectRefused("telegram", caseFor("telegram").badCredentials(fakes), "(credentials): HTTP 401: Unauthorized");
  });

  it("Threema: refuses a wrong secret, and an account without credits", async () => {
    await expectRefused("threema", caseFor("threema").badCredentials(fakes), "(credentials): HTTP 401: API identity or secret incorrect");
    fakes.threema.credits = 0;
    try {
      await expectRefused("threema", caseFor("threema").settings(fakes), "(quota): 0 credits left");
    } finally {
      fakes.threema.credits = 100;
    }
  });

  it("Twilio: refuses a wrong auth token, and a From number the account does not own", async () => {
    const c = caseFor("sms");
    await expectRefused("sms", c.badCredentials(fakes), "(credentials): HTTP 401: 20003 Authenticate");
    await expectRefused("sms", { ...c.settings(fakes), from: "+15005550099" }, "(sender_account): +15005550099 is not a phone number of this Twilio account");
  });

  it("never shows the token it was given, even in a refusal", async () => {
    fakes.telegram.mode = "error500";
    try {
      const result = await configureCheckedGateway(channelById("telegram"), { url: fakes.telegram.url, token: BOT_TOKEN, timeout: "5" }, "test", {
        check: true,
      });
      expect(result).toMatchObject({ ok: false });
      expect((result as { message: string }).message).not.toContain(BOT_TOKEN);
    } finally {
      fakes.telegram.mode = "ok";
    }
  });
});
