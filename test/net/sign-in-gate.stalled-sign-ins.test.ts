// Threat: sign-ins that stall without using the server (a failing address's throttle pause of up to 2 s) hold the only place, and the line behind them moves one sign-in per stall.
import { afterEach, describe, expect, it } from "vitest";
import { MAX_HOLD_MS } from "@/lib/net/sign-in-gate";
import { gatedServer, until } from "@/test/support/gated-server";

let close: (() => Promise<void>) | undefined;
afterEach(async () => void (await close?.()));

describe("stalled sign-ins", () => {
  it("give their place up after a short hold, so the next address goes in while they go on", async () => {
    const server = await gatedServer();
    close = server.close;
    const { state } = server;
    // Three addresses whose sign-ins never answer while the test runs (released at the end).
    const stalled = ["198.51.100.1", "198.51.100.2", "198.51.100.3"].map((client, i) => server.signIn(`stalled-${i}`, client));
    await until(() => state.order.length === 1);
    const started = performance.now();
    const user = server.signIn("user", "192.0.2.7");
    // Behind at most the three stalled sign-ins, each holding its place MAX_HOLD_MS (0.5 s), not until it answers.
    await until(() => state.order.includes("user"), 3000);
    expect(performance.now() - started).toBeLessThan(3 * MAX_HOLD_MS + 1000);
    state.release.forEach((release) => release());
    expect(await user).toMatchObject({ status: 200 });
    expect((await Promise.all(stalled)).map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
