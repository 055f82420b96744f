// Threat: hundreds of sign-ins whose clients already hung up keep their places, and the next real sign-in waits out each one's turn.
import { afterEach, describe, expect, it } from "vitest";
import { gatedServer, signInRequest, until } from "@/test/support/gated-server";

let close: (() => Promise<void>) | undefined;
afterEach(async () => void (await close?.()));

describe("sign-ins abandoned in the line", () => {
  it("leave the line when their clients hang up, are never handled, and cost the next sign-in no wait", async () => {
    const server = await gatedServer();
    close = server.close;
    const { gate, state } = server;
    const first = server.signIn("first", "203.0.113.1");
    await until(() => state.release.length === 1);

    // Fifty clients (each its own address, under every limit) send a sign-in and hang up.
    const bots = await Promise.all(Array.from({ length: 50 }, () => server.raw()));
    bots.forEach((socket, i) => socket.write(signInRequest(`bot-${i}`, `198.51.100.${i}`)));
    await until(() => gate.queued === 50);
    bots.forEach((socket) => socket.destroy());
    await until(() => gate.queued === 0);

    const user = server.signIn("user", "192.0.2.7");
    await until(() => gate.queued === 1);
    const released = performance.now();
    state.release[0]!();
    await until(() => state.order.length === 2);
    // One quiet moment (≤ 100 ms), not fifty of them.
    expect(performance.now() - released).toBeLessThan(150);
    expect(state.order).toEqual(["first", "user"]);
    state.release[1]!();
    expect(await first).toMatchObject({ status: 200 });
    expect(await user).toMatchObject({ status: 200 });
  });
});
