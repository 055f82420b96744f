// Threat: codes and gateway secrets copied into logs or console output, where operators, log shippers and attackers read them.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { channelById } from "@/lib/gateways";
import { configureGateway } from "@/lib/gateways/config";
import { RESEND_COOLDOWN } from "@/lib/providers/message-code/limits";
import { finishSetup, startSetup } from "@/lib/providers/message-code/setup";
import { begin, CASES, codeIn, configure, enrolledUser, loginContext, providerFor, startFakes, type Fakes } from "@/test/gateways/support";
import { webhookMessages } from "@/test/fakes/webhook";
import { makeUser } from "@/test/support/factories";

let fakes: Fakes;
let captured: string[] = [];
const restore: (() => void)[] = [];

beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

beforeEach(() => {
  captured = [];
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(" ")));
    restore.push(() => spy.mockRestore());
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => void (stream.write = original));
  }
});
afterEach(() => {
  while (restore.length) restore.pop()!();
});

function expectAbsent(values: string[]) {
  const all = captured.join("\n");
  for (const value of values) expect(all).not.toContain(value);
}

describe.each(CASES)("$id", (c) => {
  it("set-up, sign-in, resend and a failed send log neither codes nor secrets", async () => {
    await configure(c, fakes);
    const recipient = c.recipient(fakes, 51);
    const user = await enrolledUser(c, fakes, recipient);
    const provider = providerFor(c.id);
    const ctx = await loginContext(user.id, user.login);
    await begin(provider, ctx);
    await db.messageCode.updateMany({ where: { challengeId: ctx.challengeId }, data: { sentAt: new Date(Date.now() - RESEND_COOLDOWN - 1000) } });
    await provider.resendChallenge!(ctx);
    const codes = c.received(fakes, recipient).map(codeIn);
    expect(codes).toHaveLength(3);
    expect((await provider.verify(ctx, codes[2]!)).ok).toBe(true);

    c.fail(fakes, "error500");
    const failed = await begin(provider, await loginContext(user.id, user.login));
    expect(failed).toMatchObject({ ok: false });
    c.fail(fakes, "ok");
    expect(captured.join("\n")).toMatch(new RegExp(`"channel":"${c.id}".*"msg":"gateway: send failed"`));
    expectAbsent([...codes, ...c.secrets]);
  });
});

describe("a service that quotes the request back in its error", () => {
  it("does not get the code into the admin's lastError or the log", async () => {
    const result = await configureGateway(
      channelById("sms"),
      {
        provider: "webhook",
        url: `${fakes.webhook.url}/sms`,
        method: "POST",
        contentType: "json",
        body: '{"to":"{recipient}","text":"{message}"}',
        authorization: "Bearer webhook-secret-token",
        timeout: "2",
      },
      "test",
    );
    expect(result.ok).toBe(true);
    const user = await makeUser();
    const target = { channel: channelById("sms"), providerId: "sms" };
    expect((await startSetup(target, user.id, "+4915100000052")).ok).toBe(true);
    const setupCode = codeIn(webhookMessages(fakes.webhook).at(-1)?.text);
    expect((await finishSetup(target, user.id, setupCode)).ok).toBe(true);

    fakes.webhook.echoErrors = true;
    fakes.webhook.mode = "error500";
    const ctx = await loginContext(user.id, user.login);
    await begin(providerFor("sms"), ctx);
    fakes.webhook.mode = "ok";
    const echoed = fakes.webhook.requests.at(-1)!.body;
    const code = codeIn(JSON.parse(echoed).text);
    const row = await db.gatewayConfig.findUniqueOrThrow({ where: { channel: "sms" } });
    expect(row.lastError).toContain("could not deliver");
    expect(row.lastError).not.toContain(code);
    expect(row.lastError).not.toContain("webhook-secret-token");
    expectAbsent([code, setupCode, "webhook-secret-token"]);
  });
});
