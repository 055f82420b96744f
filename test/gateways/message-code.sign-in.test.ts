// Threat: a second factor that does not work end to end (codes never arrive, or arrive and are refused) pushes users to turn 2FA off.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProviderEnabled } from "@/lib/two-factor/provider-state";
import { db } from "@/lib/db";
import { begin, CASES, codeIn, configure, enrolledUser, loginContext, providerFor, startFakes, type Fakes } from "@/test/gateways/support";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

describe.each(CASES)("$id: set up, then sign in with a code the service delivered", (c) => {
  it("verifies a recipient, enables the provider, and accepts the code sent at login", async () => {
    await configure(c, fakes);
    const provider = providerFor(c.id);
    expect(await provider.isAvailable!()).toBe(true);
    const recipient = c.recipient(fakes, 1);
    const user = await enrolledUser(c, fakes, recipient);

    expect(await isProviderEnabled(user.id, provider.id)).toBe(true);
    const stored = await db.gatewayRecipient.findUnique({ where: { userId_channel: { userId: user.id, channel: c.id } } });
    expect(stored).toMatchObject({ recipient });
    expect(stored!.verifiedAt).not.toBeNull();

    const ctx = await loginContext(user.id, user.login);
    const begun = await begin(provider, ctx);
    expect(begun).toMatchObject({ ok: true });
    const view = await provider.challengeView(ctx);
    expect(view.prompt).toContain(c.id === "email" ? "p•••@example.test" : "•");
    const messages = c.received(fakes, recipient);
    expect(messages).toHaveLength(2); // the set-up code, then the sign-in code
    expect(await provider.verify(ctx, codeIn(messages[1]))).toEqual({ ok: true });
    // Used once: the same code again is refused.
    expect((await provider.verify(ctx, codeIn(messages[1]))).ok).toBe(false);
  });
});
