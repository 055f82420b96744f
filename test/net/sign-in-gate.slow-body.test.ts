// Threat: thousands of slowloris connections, each holding back the body of a sign-in, keep the event loop busy watching them.
import { afterEach, describe, expect, it, vi } from "vitest";
import { BODY_WAIT_MS } from "@/lib/net/sign-in-gate";
import { gatedServer, until } from "@/test/support/gated-server";

let close: (() => Promise<void>) | undefined;
afterEach(async () => void (await close?.()));

const CONNECTIONS = 500;

describe("slow sign-in bodies", () => {
  it("cost the event loop nothing while nothing arrives, and are handled with every byte once they do", async () => {
    const server = await gatedServer();
    close = server.close;
    const { state } = server;
    const body = "login=a&password=b";
    const head = (i: number) =>
      `POST /login HTTP/1.1\r\nHost: x\r\nx-name: slow-${i}\r\nx-client: 10.1.${i >> 8}.${i & 255}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n\r\n`;
    const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => server.raw()));
    // Headers and the first bytes of the body, then nothing.
    sockets.forEach((socket, i) => socket.write(`${head(i)}${body.slice(0, 5)}`));
    // Each request sets its one deadline when it arrives: all of them have arrived.
    await until(() => state.requests === CONNECTIONS, 10_000);
    await new Promise((r) => setTimeout(r, 100));

    // A second in which nothing arrives: no timer may be set (they were polled every 5 ms:
    // ~100,000 timers a second for 500 connections). Counted, not timed, so a loaded
    // machine cannot make it flaky; bench/run.ts measures the event loop's use.
    const wait = new Promise((r) => setTimeout(r, 1000));
    const timers = vi.spyOn(globalThis, "setTimeout");
    await wait;
    const set = timers.mock.calls.length;
    timers.mockRestore();
    expect(set).toBeLessThan(20);
    expect(state.order).toEqual([]);

    // The rest of one body arrives: that sign-in is handled, and its handler reads the whole body.
    sockets[7]!.write(body.slice(5));
    await until(() => state.order.length === 1);
    expect(state.order).toEqual(["slow-7"]);
    await until(() => state.bodies.length === 1);
    expect(state.bodies).toEqual([body]);
    state.release[0]!();
    sockets.forEach((socket) => socket.destroy());
  });

  it(
    "are refused 408 past their deadline and the connection closed, never handed on",
    async () => {
      const server = await gatedServer();
      close = server.close;
      const socket = await server.raw();
      let answer = "";
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
      const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      socket.write("POST /login HTTP/1.1\r\nHost: x\r\nx-name: slow\r\nx-client: 10.2.0.1\r\ncontent-length: 19\r\n\r\nlogin=");
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toMatch(/\r\nconnection: close\r\n/i);
      expect(server.state.order).toEqual([]);
    },
    BODY_WAIT_MS + 20_000,
  );
});
