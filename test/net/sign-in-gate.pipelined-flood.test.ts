// Threat: one client pipelines thousands of sign-ins on one connection, and every other client's sign-in waits behind all of them.
import { afterEach, describe, expect, it } from "vitest";
import { PLACES_PER_CLIENT } from "@/lib/net/sign-in-gate";
import { gatedServer, signInRequest, until } from "@/test/support/gated-server";

let close: (() => Promise<void>) | undefined;
afterEach(async () => void (await close?.()));

describe("a pipelined flood of sign-ins from one address", () => {
  it("holds a few places, is refused 503 with Retry-After (and its connection closed) past them, and the next address goes next", async () => {
    const server = await gatedServer();
    close = server.close;
    const { gate, state } = server;
    const flood = await server.raw();
    let answers = "";
    flood.on("data", (chunk: Buffer) => (answers += chunk.toString("latin1")));
    flood.write(Array.from({ length: 500 }, (_, i) => signInRequest(`flood-${i}`, "198.51.100.9")).join(""));
    await until(() => state.order.length === 1 && gate.queued === PLACES_PER_CLIENT - 1);

    const user = server.signIn("user", "192.0.2.7");
    await until(() => gate.queued === PLACES_PER_CLIENT);
    state.release[0]!();
    // The user goes next: the flooding address was served last.
    await until(() => state.order.length === 2);
    expect(state.order[1]).toBe("user");
    state.release[1]!();
    expect(await user).toMatchObject({ status: 200 });

    for (let i = 2; i <= PLACES_PER_CLIENT; i++) {
      await until(() => state.release.length === i + 1);
      state.release[i]!();
    }
    // The first sign-in past the address's places is refused and its connection closed:
    // the rest of the pipeline is never read.
    await new Promise<void>((resolve) => (flood.destroyed ? resolve() : flood.once("close", () => resolve())));
    expect(state.order.filter((name) => name.startsWith("flood-"))).toHaveLength(PLACES_PER_CLIENT);
    expect((answers.match(/HTTP\/1\.1 200 /g) ?? []).length).toBe(PLACES_PER_CLIENT);
    expect((answers.match(/HTTP\/1\.1 503 /g) ?? []).length).toBe(1);
    expect(answers).toMatch(/\r\nretry-after: [1-9]\d*\r\n/i);
    expect(answers).toMatch(/\r\nconnection: close\r\n/i);
    expect(answers).toContain('"error":"sign_in_busy"');
    flood.destroy();
  });
});
