import { createServer, request, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { expect } from "vitest";
import { isPasswordSignIn, SignInGate } from "@/lib/net/sign-in-gate";

/**
 * A server behind a SignInGate whose sign-ins answer only when released. The
 * `x-client` header stands for the client's address bucket (scripts/serve.ts
 * passes the real one), so one test process can be many clients.
 */
export async function gatedServer() {
  const gate = new SignInGate();
  const state = { requests: 0, order: [] as string[], release: [] as (() => void)[], bodies: [] as string[] };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const run = () => {
      state.order.push(String(req.headers["x-name"]));
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => state.bodies.push(body));
      state.release.push(() => res.end("ok"));
    };
    if (isPasswordSignIn(req.method, req.url)) return gate.admit(req, res, run, String(req.headers["x-client"] ?? "unknown"));
    res.end("fast");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  /** One sign-in on its own connection: its status and Retry-After. */
  const signIn = (name: string, client: string) =>
    new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/login",
          headers: { "x-name": name, "x-client": client, "content-type": "text/plain" },
          agent: false,
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode!, retryAfter: res.headers["retry-after"] }));
        },
      );
      req.on("error", reject);
      req.end("login=a&password=b");
    });

  /** A raw connection, for pipelining and hanging up. */
  const raw = async (): Promise<Socket> => {
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => {});
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    return socket;
  };
  const close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return { gate, state, port, server, signIn, raw, close };
}

export const signInRequest = (name: string, client: string, body = "login=a&password=b") =>
  `POST /login HTTP/1.1\r\nHost: x\r\nx-name: ${name}\r\nx-client: ${client}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n\r\n${body}`;

export async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition() && performance.now() < end) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}
