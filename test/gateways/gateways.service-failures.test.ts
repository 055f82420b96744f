// Threat: when a gateway fails, users are stuck on a page that waits forever or leaks the service's error text (with secrets), and the admin never learns why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProviderEnabled } from "@/lib/two-factor/provider-state";
import { db } from "@/lib/db";
import { channelById } from "@/lib/gateways";
import { startSetup } from "@/lib/providers/message-code/setup";
import { begin, CASES, configure, enrolledUser, loginContext, providerFor, startFakes, type ChannelCase, type Fakes } from "@/test/gateways/support";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

async function gatewayRow(id: string) {
  return db.gatewayConfig.findUnique({ where: { channel: id } });
}

/** A user enrolled while the service worked, then a login challenge begun after `breakIt`. */
async function beginAfter(c: ChannelCase, n: number, breakIt: () => Promise<void> | void) {
  await configure(c, fakes);
  c.fail(fakes, "ok");
  const user = await enrolledUser(c, fakes, c.recipient(fakes, n));
  await breakIt();
  const ctx = await loginContext(user.id, user.login);
  const provider = providerFor(c.id);
  return { ctx, provider, result: await begin(provider, ctx) };
}

function expectSafeMessage(c: ChannelCase, message: string) {
  for (const secret of c.secrets) expect(message).not.toContain(secret);
  expect(message).not.toMatch(/HTTP \d{3}|Unauthorized|Authenticate|Unregistered|chat not found|not-authorized|535|550|451/);
}

describe.each(CASES)("$id fails cleanly", (c) => {
  const name = channelById(c.id).displayName;

  it("wrong credentials: the user reads a clear sentence, the admin gets the service's words", async () => {
    const { result } = await beginAfter(c, 11, () => configure(c, fakes, c.badCredentials(fakes)));
    expect(result).toMatchObject({ ok: false });
    const message = (result as { message: string }).message;
    const expected = c.badCredentialsFailure ?? { kind: "credentials", reason: "the gateway refused this server's credentials" };
    expect(message).toContain(`The code could not be sent via ${name}: ${expected.reason}.`);
    expectSafeMessage(c, message);
    const row = await gatewayRow(c.id);
    expect(row!.lastStatus).toBe(expected.kind);
    expect(row!.lastError!.length).toBeGreaterThan(5);
    for (const secret of c.secrets) expect(row!.lastError).not.toContain(secret);
  });

  it("unknown recipient: set-up is refused with a message naming the problem, nothing is enabled", async () => {
    await configure(c, fakes);
    c.fail(fakes, "ok");
    const user = await (await import("@/test/support/factories")).makeUser();
    const started = await startSetup({ channel: channelById(c.id), providerId: c.id }, user.id, c.unknownRecipient);
    expect(started).toMatchObject({ ok: false, error: "delivery_failed" });
    expect((started as { message: string }).message).toBe(
      `The code could not be sent via ${name}: the gateway does not know your recipient (check the number, ID or address you set up).`,
    );
    expect((await gatewayRow(c.id))!.lastStatus).toBe("unknown_recipient");
    expect(await isProviderEnabled(user.id, c.id)).toBe(false);
    expect(await db.gatewayRecipient.count({ where: { userId: user.id } })).toBe(0);
  });

  it("server error (5xx): reported, and a page refresh neither resends nor forgets the failure", async () => {
    const { ctx, provider, result } = await beginAfter(c, 12, () => c.fail(fakes, "error500"));
    expect(result).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
    const message = (result as { message: string }).message;
    expect(message).toMatch(new RegExp(`^The code could not be sent via ${name}: the gateway (reported an error|refused the message)\\.`));
    expect(message).toMatch(/sign in another way/);
    expectSafeMessage(c, message);
    expect((await gatewayRow(c.id))!.lastStatus).toMatch(/service_error|rejected/);

    const again = await begin(provider, ctx);
    expect(again).toMatchObject({ ok: false });
    expect((again as { message: string }).message.split(" You can")[0]).toBe(message.split(" You can")[0]);
    expect(await db.messageCode.count({ where: { challengeId: ctx.challengeId } })).toBe(1);
    // The failed code can never be used, whatever it was.
    expect((await provider.verify(ctx, "000000")).ok).toBe(false);
    c.fail(fakes, "ok");
  });

  it("no answer: the send gives up after the configured timeout", async () => {
    const started = Date.now();
    const { result } = await beginAfter(c, 13, async () => {
      await configure(c, fakes, { ...c.settings(fakes), timeout: "1" });
      c.fail(fakes, "hang");
    });
    expect(result).toMatchObject({ ok: false });
    expect((result as { message: string }).message).toContain(`The code could not be sent via ${name}: the gateway did not answer.`);
    expect(Date.now() - started).toBeLessThan(8000);
    expect((await gatewayRow(c.id))!.lastStatus).toBe("unreachable");
    c.fail(fakes, "ok");
  });
});

describe("a removed gateway", () => {
  it("keeps the second factor on for users who have it (fail closed) and says it cannot send", async () => {
    const c = CASES[0]!;
    await configure(c, fakes);
    const user = await enrolledUser(c, fakes, c.recipient(fakes, 14));
    await db.gatewayConfig.deleteMany({ where: { channel: c.id } });
    const provider = providerFor(c.id);
    expect(await provider.isAvailable!()).toBe(false);
    expect(await isProviderEnabled(user.id, provider.id)).toBe(true);
    const result = await begin(provider, await loginContext(user.id, user.login));
    expect(result).toMatchObject({ ok: false });
    expect((result as { message: string }).message).toContain("The code could not be sent via Signal: it is not set up on this server.");
  });
});
