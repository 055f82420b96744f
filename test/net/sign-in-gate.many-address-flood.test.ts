// Threat: a botnet fills the sign-in line from many addresses at once, so the line grows without bound and every sign-in waits minutes.
import { afterEach, describe, expect, it } from "vitest";
import { MAX_WAITING, PLACES_PER_CLIENT } from "@/lib/net/sign-in-gate";
import { gatedServer, until } from "@/test/support/gated-server";

let close: (() => Promise<void>) | undefined;
afterEach(async () => void (await close?.()));

describe("a sign-in flood from many addresses", () => {
  it("fills the line to its bound; sign-ins past it are answered 503 with Retry-After at once", async () => {
    const server = await gatedServer();
    close = server.close;
    const { gate, state } = server;
    const first = server.signIn("first", "203.0.113.1");
    await until(() => state.release.length === 1);
    expect(MAX_WAITING).toBeGreaterThan(PLACES_PER_CLIENT);

    const bots = Array.from({ length: MAX_WAITING + 10 }, (_, i) => server.signIn(`bot-${i}`, `10.0.${i >> 8}.${i & 255}`));
    await until(() => gate.queued === MAX_WAITING);
    // The ten over the bound are answered while the first sign-in still holds the only place.
    const refused = await Promise.race([
      Promise.all(bots).then(() => "all answered"),
      new Promise((r) => setTimeout(r, 500)).then(() => "waiting"),
    ]);
    expect(refused).toBe("waiting");
    const settled = await Promise.all(bots.map((b) => Promise.race([b, new Promise((r) => setTimeout(() => r(null), 200))])));
    const busy = settled.filter((s) => s !== null) as { status: number; retryAfter?: string }[];
    expect(busy).toHaveLength(10);
    for (const answer of busy) {
      expect(answer.status).toBe(503);
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(gate.queued).toBe(MAX_WAITING);
    state.release.forEach((release) => release());
    for (let i = 1; i <= MAX_WAITING; i++) {
      await until(() => state.release.length === i + 1);
      state.release[i]!();
    }
    expect(await first).toMatchObject({ status: 200 });
    expect((await Promise.all(bots)).filter((b) => b.status === 200)).toHaveLength(MAX_WAITING);
  });
});
