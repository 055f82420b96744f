// Threat: a code seen once (shoulder-surfed, an old message, another sign-in's code) is replayed to pass the second factor.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProviderEnabled } from "@/lib/two-factor/provider-state";
import { db } from "@/lib/db";
import { channelById } from "@/lib/gateways";
import { finishSetup, startSetup } from "@/lib/providers/message-code/setup";
import { begin, caseFor, codeIn, configure, enrolledUser, loginContext, providerFor, startFakes, type Fakes } from "@/test/gateways/support";
import { makeUser } from "@/test/support/factories";

let fakes: Fakes;
const signal = caseFor("signal");
const telegram = caseFor("telegram");
beforeAll(async () => {
  fakes = await startFakes();
  await configure(signal, fakes);
  await configure(telegram, fakes);
});
afterAll(async () => {
  await fakes.close();
});

describe("a code is bound to its own login challenge", () => {
  it("a code from challenge A does not verify challenge B (same user)", async () => {
    const recipient = signal.recipient(fakes, 31);
    const user = await enrolledUser(signal, fakes, recipient);
    const provider = providerFor("signal");
    const a = await loginContext(user.id, user.login);
    const b = await loginContext(user.id, user.login);
    await begin(provider, a);
    await begin(provider, b);
    const [, codeA, codeB] = signal.received(fakes, recipient).map(codeIn);
    if (codeA !== codeB) {
      expect((await provider.verify(b, codeA!)).ok).toBe(false);
      expect((await provider.verify(a, codeB!)).ok).toBe(false);
    }
    expect((await provider.verify(a, codeA!)).ok).toBe(true);
    expect((await provider.verify(b, codeB!)).ok).toBe(true);
  });

  it("a code stored for one challenge is worthless when its row is moved to another (the hash covers the binding)", async () => {
    const recipient = signal.recipient(fakes, 32);
    const user = await enrolledUser(signal, fakes, recipient);
    const provider = providerFor("signal");
    const a = await loginContext(user.id, user.login);
    const b = await loginContext(user.id, user.login);
    await begin(provider, a);
    const code = codeIn(signal.received(fakes, recipient).at(-1));
    await db.messageCode.updateMany({ where: { challengeId: a.challengeId }, data: { challengeId: b.challengeId } });
    expect((await provider.verify(b, code)).ok).toBe(false);
  });

  it("another user's code, another provider's code and a set-up code do not sign in", async () => {
    const recipient = signal.recipient(fakes, 33);
    const alice = await enrolledUser(signal, fakes, recipient);
    const bob = await enrolledUser(telegram, fakes, telegram.recipient(fakes, 33));
    const aliceCtx = await loginContext(alice.id, alice.login);
    await begin(providerFor("signal"), aliceCtx);
    const aliceCode = codeIn(signal.received(fakes, recipient).at(-1));
    // Bob's telegram challenge, fed Alice's code under Bob's user id.
    const bobCtx = await loginContext(bob.id, bob.login);
    await begin(providerFor("telegram"), bobCtx);
    expect((await providerFor("telegram").verify(bobCtx, aliceCode)).ok).toBe(false);
    expect((await providerFor("signal").verify({ ...aliceCtx, userId: bob.id }, aliceCode)).ok).toBe(false);

    // A set-up code is not a sign-in code.
    const carol = await makeUser();
    const target = { channel: channelById("signal"), providerId: "signal" };
    const carolNumber = signal.recipient(fakes, 34);
    await startSetup(target, carol.id, carolNumber);
    const setupCode = codeIn(signal.received(fakes, carolNumber).at(-1));
    expect((await providerFor("signal").verify(await loginContext(carol.id, carol.login), setupCode)).ok).toBe(false);
    expect((await finishSetup(target, carol.id, setupCode)).ok).toBe(true);
  });
});

describe("expiry and single use", () => {
  it("a code older than 10 minutes is refused", async () => {
    const recipient = signal.recipient(fakes, 35);
    const user = await enrolledUser(signal, fakes, recipient);
    const provider = providerFor("signal");
    const ctx = await loginContext(user.id, user.login);
    await begin(provider, ctx);
    const code = codeIn(signal.received(fakes, recipient).at(-1));
    const row = await db.messageCode.findFirstOrThrow({ where: { challengeId: ctx.challengeId } });
    await db.messageCode.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000), sentAt: new Date(Date.now() - 10 * 60_000 - 1000) } });
    const result = await provider.verify(ctx, code);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ message: "There is no valid code for this sign-in. Ask for a new one." });
  });

  it("a set-up code older than 10 minutes does not enable anything", async () => {
    const user = await makeUser();
    const target = { channel: channelById("signal"), providerId: "signal" };
    const recipient = signal.recipient(fakes, 36);
    await startSetup(target, user.id, recipient);
    const code = codeIn(signal.received(fakes, recipient).at(-1));
    await db.messageCode.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await finishSetup(target, user.id, code)).toMatchObject({ ok: false });
    expect(await isProviderEnabled(user.id, "signal")).toBe(false);
  });

  it("the right code sent twice at once is accepted exactly once", async () => {
    const recipient = signal.recipient(fakes, 37);
    const user = await enrolledUser(signal, fakes, recipient);
    const provider = providerFor("signal");
    const ctx = await loginContext(user.id, user.login);
    await begin(provider, ctx);
    const code = codeIn(signal.received(fakes, recipient).at(-1));
    const results = await Promise.all(Array.from({ length: 6 }, () => provider.verify(ctx, code)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
