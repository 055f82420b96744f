// Threat: malformed or oversized input reaching a gateway (or the database) — wrong numbers texted, huge rows, a non-http "URL" fetched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { channelById } from "@/lib/gateways";
import { configureGateway } from "@/lib/gateways/config";
import type { ChannelId } from "@/lib/gateways/types";
import { startSetup } from "@/lib/providers/message-code/setup";
import { CASES, configure, startFakes, type Fakes } from "@/test/gateways/support";
import { makeUser } from "@/test/support/factories";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
  for (const c of CASES) await configure(c, fakes);
});
afterAll(async () => {
  await fakes.close();
});

const HUGE = "1".repeat(10 * 1024);

const BAD: Record<ChannelId, [string, RegExp][]> = {
  signal: [
    ["0170 1234567", /international format/],
    ["+49 abc 1234567", /international format/],
    ["+0123456789", /international format/],
    ["+1234", /international format/],
    ["+4917012345678901234", /international format/],
  ],
  sms: [
    ["12345", /international format/],
    ["+49 170 1234567; DROP TABLE", /international format/],
    ["+49\n1701234567", /not allowed/],
  ],
  telegram: [
    ["@someone", /chat id is a number/],
    ["12 34", /chat id is a number/],
    ["0", /chat id is a number/],
    ["123456789012345678901234", /chat id is a number/],
  ],
  threema: [
    ["ABC123", /exactly 8 characters/],
    ["ABCD12345", /exactly 8 characters/],
    ["ABCD-123", /exactly 8 characters/],
    ["ÄBCD1234", /exactly 8 characters/],
  ],
  xmpp: [
    ["user", /Jabber ID like/],
    ["user@", /Jabber ID like/],
    ["@example.org", /Jabber ID like/],
    ["user@example.org/phone", /no resource/],
    ["us er@example.org", /Jabber ID like/],
    ["user@exa_mple.org", /Jabber ID like/],
  ],
  email: [
    ["not-an-address", /not a valid e-mail/],
    ["user@", /not a valid e-mail/],
    ["user@example", /not a valid e-mail/],
    ["a@b@example.org", /not a valid e-mail/],
  ],
};

describe.each(CASES)("$id recipients", (c) => {
  const target = { channel: channelById(c.id), providerId: c.id };

  it("refuses malformed recipients with a message saying how to write one, and stores or sends nothing", async () => {
    const user = await makeUser();
    for (const [input, message] of [...BAD[c.id], [HUGE, /too long/] as [string, RegExp], ["", /required/] as [string, RegExp]]) {
      const result = await startSetup(target, user.id, input);
      expect(result, input.slice(0, 40)).toMatchObject({ ok: false, error: "invalid_input" });
      expect((result as { message: string }).message).toMatch(message);
      expect((result as { fields: Record<string, string> }).fields.recipient).toMatch(message);
    }
    expect(await db.messageCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.gatewayRecipient.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("normalised recipients", () => {
  it("writes numbers, IDs and addresses one way", () => {
    expect(channelById("signal").recipient.schema.parse(" +49 (170) 123-45.67 ")).toBe("+491701234567");
    expect(channelById("sms").recipient.schema.parse("0049 170 1234567")).toBe("+491701234567");
    expect(channelById("threema").recipient.schema.parse("echoecho")).toBe("ECHOECHO");
    expect(channelById("xmpp").recipient.schema.parse("Alice@Example.ORG")).toBe("alice@example.org");
    expect(channelById("email").recipient.schema.parse("Alice@Example.ORG")).toBe("Alice@example.org");
  });

  it("masks recipients for display", () => {
    expect(channelById("signal").recipient.mask("+491701234589")).toBe("+49 ••• ••• 89");
    expect(channelById("telegram").recipient.mask("123456789")).toBe("••••789");
    expect(channelById("threema").recipient.mask("ECHOECHO")).toBe("EC••••HO");
    expect(channelById("email").recipient.mask("alice@example.org")).toBe("a•••@example.org");
  });
});

describe("gateway settings", () => {
  it("refuse a gateway URL that is not http(s), and keep the stored configuration", async () => {
    const before = await db.gatewayConfig.findUnique({ where: { channel: "signal" } });
    for (const url of ["ftp://127.0.0.1/", "file:///etc/passwd", "javascript:alert(1)", "127.0.0.1:8080", "http://", `http://${"a".repeat(3000)}.org`]) {
      const result = await configureGateway(channelById("signal"), { url, number: "+15550000001" }, "test");
      expect(result, url.slice(0, 40)).toMatchObject({ ok: false, error: "invalid_input" });
      expect((result as { message: string }).message).toMatch(/http:\/\/ or https:\/\/ URL|too long/);
    }
    const after = await db.gatewayConfig.findUnique({ where: { channel: "signal" } });
    expect(after!.config).toBe(before!.config);
  });

  it("refuse malformed tokens, IDs, SIDs and service URLs with a clear sentence", async () => {
    const cases: [ChannelId, Record<string, string>, RegExp][] = [
      ["telegram", { token: "not a token" }, /bot token/],
      ["sms", { provider: "twilio", accountSid: "XX12", authToken: "t", from: "+15005550006" }, /Account SID/],
      ["sms", { provider: "carrier-pigeon" }, /twilio or webhook/],
      ["sms", { provider: "webhook", url: "https://sms.example.org/send", method: "POST", body: "no placeholders" }, /\{message\}/],
      ["threema", { from: "GATEHSE", secret: "x" }, /Gateway ID/],
      ["xmpp", { jid: "gatehouse@example.org", password: "p", service: "http://example.org" }, /xmpp:\/\//],
      ["email", { smtpUrl: "http://mail.example.org", from: "a@example.org" }, /smtp:\/\//],
      ["signal", { url: "http://127.0.0.1:8080", number: "+15550000001", timeout: "600" }, /between 1 and 60/],
      ["signal", { url: "http://127.0.0.1:8080", number: "+15550000001", token: "x" }, /no setting "token"/],
    ];
    for (const [id, input, message] of cases) {
      const result = await configureGateway(channelById(id), input, "test");
      expect(result, `${id} ${JSON.stringify(input)}`).toMatchObject({ ok: false });
      expect((result as { message: string }).message).toMatch(message);
    }
  });
});
