// Threat: slowloris — a client sends its request headers a line at a time and holds the connection (and a descriptor) for as long as it likes.
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HEADERS_MS, serverTimeouts } from "@/lib/net/server-timeouts";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve())));

describe("slow request headers", () => {
  it(
    "are cut off by Node's header time-out, however often a line arrives",
    async () => {
      server = createServer(serverTimeouts(), (_req, res) => res.end("ok"));
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
      socket.on("error", () => {});
      await new Promise<void>((resolve) => socket.once("connect", resolve));
      const started = performance.now();
      socket.write("GET /api/health HTTP/1.1\r\nHost: x\r\n");
      const trickle = setInterval(() => socket.write("x-slow: 1\r\n"), 1000);
      let answer = "";
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
      await new Promise<void>((resolve) => socket.once("close", () => resolve()));
      clearInterval(trickle);
      // Node checks every connection once a second: cut within a second or two of the limit.
      expect(performance.now() - started).toBeLessThan(HEADERS_MS + 2500);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    },
    HEADERS_MS + 30_000,
  );
});
