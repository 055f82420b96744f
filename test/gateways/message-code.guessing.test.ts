// Threat: guessing a 6-digit code — the provider must only say right/wrong (the core caps login attempts), never accept junk, and cap set-up guesses itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProviderEnabled } from "@/lib/two-factor/provider-state";
import { channelById } from "@/lib/gateways";
import { SETUP_MAX_WRONG } from "@/lib/providers/message-code/limits";
import { finishSetup, startSetup } from "@/lib/providers/message-code/setup";
import { begin, caseFor, codeIn, configure, enrolledUser, loginContext, providerFor, startFakes, type Fakes } from "@/test/gateways/support";
import { makeUser } from "@/test/support/factories";

let fakes: Fakes;
const signal = caseFor("signal");
beforeAll(async () => {
  fakes = await startFakes();
  await configure(signal, fakes);
});
afterAll(async () => {
  await fakes.close();
});

const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("at login", () => {
  it("a wrong code is refused and the right one still works afterwards (attempts are the core's business)", async () => {
    const recipient = signal.recipient(fakes, 41);
    const user = await enrolledUser(signal, fakes, recipient);
    const provider = providerFor("signal");
    const ctx = await loginContext(user.id, user.login);
    await begin(provider, ctx);
    const code = codeIn(signal.received(fakes, recipient).at(-1));
    expect(await provider.verify(ctx, other(code))).toEqual({ ok: false });
    expect(await provider.verify(ctx, `${code.slice(0, 3)} ${code.slice(3)}`)).toEqual({ ok: true });
  });

  it("refuses junk without looking anything up: letters, too short, too long, 10 kB", async () => {
    const user = await enrolledUser(signal, fakes, signal.recipient(fakes, 42));
    const provider = providerFor("signal");
    const ctx = await loginContext(user.id, user.login);
    await begin(provider, ctx);
    for (const junk of ["", "abcdef", "12345", "1234567", "12345a", "١٢٣٤٥٦", "9".repeat(10_000)]) {
      expect(await provider.verify(ctx, junk)).toEqual({ ok: false, message: "Enter the 6-digit code from the message." });
    }
  });
});

describe("at set-up", () => {
  it(`voids the code after ${SETUP_MAX_WRONG} wrong guesses`, async () => {
    const user = await makeUser();
    const target = { channel: channelById("signal"), providerId: "signal" };
    const recipient = signal.recipient(fakes, 43);
    await startSetup(target, user.id, recipient);
    const code = codeIn(signal.received(fakes, recipient).at(-1));
    for (let i = 0; i < SETUP_MAX_WRONG - 1; i++) {
      expect(await finishSetup(target, user.id, other(code))).toMatchObject({ ok: false, message: "That code is not right." });
    }
    expect(await finishSetup(target, user.id, other(code))).toMatchObject({ ok: false, message: "Too many wrong codes. Ask for a new one." });
    expect(await finishSetup(target, user.id, code)).toMatchObject({ ok: false });
    expect(await isProviderEnabled(user.id, "signal")).toBe(false);
  });
});
