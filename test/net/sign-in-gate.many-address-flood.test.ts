// Threat: a botnet fills the sign-in line from many addresses at once, so the line grows without bound and every sign-in waits minutes.
import { afterEach, describe, expect, it } from "vitest";
import { MAX_HOLD_MS, MAX_WAITING, PLACES_PER_CLIENT } from "@/lib/net/sign-in-gate";
import { gatedServer, until } from "@/test/support/gated-server";

let close: (() => Promise<void>) | undefined;
afterEach(async () => void (await close?.()));

type Answer = { status: number; retryAfter?: string };

describe("a sign-in flood from many addresses", () => {
  it("fills the line to its bound; sign-ins past it are answered 503 with Retry-After at once", async () => {
    const server = await gatedServer();
    close = server.close;
    const { gate, state } = server;
    const first = server.signIn("first", "203.0.113.1");
    await until(() => state.release.length === 1);
    expect(MAX_WAITING).toBeGreaterThan(PLACES_PER_CLIENT);

    const answered: Answer[] = [];
    const bots = Array.from({ length: MAX_WAITING + 10 }, (_, i) => server.signIn(`bot-${i}`, `10.0.${i >> 8}.${i & 255}`).then((a) => (answered.push(a), a)));
    // The ten over the bound are answered while the first sign-in still holds the only place.
    await until(() => answered.length === 10, MAX_HOLD_MS);
    expect(gate.queued).toBe(MAX_WAITING);
    for (const answer of answered) {
      expect(answer.status).toBe(503);
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }

    let done = false;
    const all = Promise.all(bots).finally(() => (done = true));
    state.release[0]!();
    for (let released = 1; !done; await new Promise((r) => setTimeout(r, 5))) {
      while (released < state.release.length) state.release[released++]!();
    }
    expect(await first).toMatchObject({ status: 200 });
    expect((await all).filter((b) => b.status === 200)).toHaveLength(MAX_WAITING);
  });
});
