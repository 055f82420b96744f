// Threat: page refreshes, double clicks and "Resend" hammering flood a user's phone (and the SMS bill); a resend must also void the code before it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { channelById } from "@/lib/gateways";
import { RESEND_COOLDOWN } from "@/lib/providers/message-code/limits";
import { startSetup } from "@/lib/providers/message-code/setup";
import { begin, caseFor, codeIn, configure, enrolledUser, loginContext, providerFor, startFakes, type Fakes } from "@/test/gateways/support";
import { makeUser } from "@/test/support/factories";

let fakes: Fakes;
const signal = caseFor("signal");
const email = caseFor("email");
beforeAll(async () => {
  fakes = await startFakes();
  await configure(signal, fakes);
  await configure(email, fakes);
});
afterAll(async () => {
  await fakes.close();
});

/** Moves a challenge's codes back in time, as if `ms` had passed. */
async function age(where: { challengeId?: string; userId?: string; purpose?: string }, ms: number) {
  const rows = await db.messageCode.findMany({ where });
  for (const row of rows) {
    await db.messageCode.update({
      where: { id: row.id },
      data: { sentAt: new Date(row.sentAt.getTime() - ms), expiresAt: new Date(row.expiresAt.getTime() - ms) },
    });
  }
}

describe("sending at login", () => {
  it("sends once per challenge however often the page opens, even concurrently", async () => {
    const recipient = signal.recipient(fakes, 21);
    const user = await enrolledUser(signal, fakes, recipient);
    const ctx = await loginContext(user.id, user.login);
    const provider = providerFor("signal");
    const results = await Promise.all(Array.from({ length: 5 }, () => begin(provider, ctx)));
    expect(results.every((r) => r && r.ok)).toBe(true);
    await begin(provider, ctx);
    expect(signal.received(fakes, recipient)).toHaveLength(2); // set-up + exactly one sign-in code
  });

  it("a new challenge (a new sign-in) gets its own code", async () => {
    const recipient = email.recipient(fakes, 22);
    const user = await enrolledUser(email, fakes, recipient);
    const provider = providerFor("email");
    await begin(provider, await loginContext(user.id, user.login));
    await begin(provider, await loginContext(user.id, user.login));
    expect(email.received(fakes, recipient)).toHaveLength(3);
  });
});

describe("Resend", () => {
  it("is refused during the 60-second cooldown, with the seconds left", async () => {
    const recipient = signal.recipient(fakes, 23);
    const user = await enrolledUser(signal, fakes, recipient);
    const ctx = await loginContext(user.id, user.login);
    const provider = providerFor("signal");
    await begin(provider, ctx);
    const refused = await provider.resendChallenge!(ctx);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
    const seconds = (refused as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(seconds).toBeGreaterThan(50);
    expect(seconds).toBeLessThanOrEqual(60);
    expect((refused as { message: string }).message).toBe(`You can ask for a new code in ${seconds} seconds.`);
    expect(signal.received(fakes, recipient)).toHaveLength(2);
  });

  it("after the cooldown sends a new code, which works, and voids the old one", async () => {
    const recipient = signal.recipient(fakes, 24);
    const user = await enrolledUser(signal, fakes, recipient);
    const ctx = await loginContext(user.id, user.login);
    const provider = providerFor("signal");
    await begin(provider, ctx);
    const first = codeIn(signal.received(fakes, recipient)[1]);
    await age({ challengeId: ctx.challengeId }, RESEND_COOLDOWN + 1000);
    const resent = await provider.resendChallenge!(ctx);
    expect(resent).toMatchObject({ ok: true, message: expect.stringContaining("+49 ••• ••• 24") });
    const second = codeIn(signal.received(fakes, recipient)[2]);
    if (first !== second) expect((await provider.verify(ctx, first)).ok).toBe(false);
    expect(await provider.verify(ctx, second)).toEqual({ ok: true });
  });

  it("concurrent resends after the cooldown send one message", async () => {
    const recipient = signal.recipient(fakes, 25);
    const user = await enrolledUser(signal, fakes, recipient);
    const ctx = await loginContext(user.id, user.login);
    const provider = providerFor("signal");
    await begin(provider, ctx);
    await age({ challengeId: ctx.challengeId }, RESEND_COOLDOWN + 1000);
    const results = await Promise.all(Array.from({ length: 4 }, () => provider.resendChallenge!(ctx)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(signal.received(fakes, recipient)).toHaveLength(3);
  });
});

describe("set-up codes", () => {
  it("cannot be requested again within the cooldown", async () => {
    const user = await makeUser();
    const target = { channel: channelById("signal"), providerId: "signal" };
    const recipient = signal.recipient(fakes, 26);
    expect((await startSetup(target, user.id, recipient)).ok).toBe(true);
    const again = await startSetup(target, user.id, recipient);
    expect(again).toMatchObject({ ok: false, error: "too_many_requests", message: expect.stringMatching(/^Wait \d+ seconds/) });
    expect(signal.received(fakes, recipient)).toHaveLength(1);
    await age({ userId: user.id, purpose: "setup" }, RESEND_COOLDOWN + 1000);
    expect((await startSetup(target, user.id, recipient)).ok).toBe(true);
    expect(signal.received(fakes, recipient)).toHaveLength(2);
  });
});
