// Threat: a burst of password sign-ins (a crowd, or credential stuffing) starves signed-in requests — and a slow client must not hold the line.
import { createServer, request, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isPasswordSignIn, SignInGate } from "@/lib/net/sign-in-gate";

describe("which requests are password sign-ins", () => {
  it("is the POST of the sign-in form, with or without a query", () => {
    expect(isPasswordSignIn("POST", "/login")).toBe(true);
    expect(isPasswordSignIn("POST", "/login?next=%2Fsettings")).toBe(true);
    expect(isPasswordSignIn("GET", "/login")).toBe(false);
    expect(isPasswordSignIn("POST", "/login/challenge/totp")).toBe(false);
    expect(isPasswordSignIn("POST", "/loginx")).toBe(false);
    expect(isPasswordSignIn("POST", "/api/v1/me")).toBe(false);
  });
});

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server whose sign-ins answer only when released, recording how many run at once. */
async function gatedServer() {
  const gate = new SignInGate();
  const state = { running: 0, most: 0, order: [] as string[], release: [] as (() => void)[] };
  server = createServer((req, res) => {
    const run = () => {
      state.running++;
      state.most = Math.max(state.most, state.running);
      state.order.push(String(req.headers["x-name"]));
      state.release.push(() => {
        state.running--;
        res.end("ok");
      });
    };
    if (isPasswordSignIn(req.method, req.url)) return gate.admit(req, res, run);
    res.end("fast");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const send = (method: string, path: string, name: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, method, path, headers: { "x-name": name, "content-type": "text/plain" }, agent: false }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c));
        res.on("end", () => resolve(body));
      });
      req.on("error", reject);
      req.end(method === "POST" ? "login=a&password=b" : undefined);
    });
  return { gate, state, port, send };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
};

describe("the sign-in gate", () => {
  it("lets one sign-in through at a time, in order, while other requests pass", async () => {
    const { state, send, gate } = await gatedServer();
    const answers = ["a", "b", "c"].map((name) => send("POST", "/login", name));
    await until(() => state.running === 1 && gate.queued === 2);
    expect(await send("GET", "/api/v1/me", "reader")).toBe("fast");
    for (let i = 0; i < 3; i++) {
      await until(() => state.release.length === i + 1);
      state.release[i]!();
    }
    expect(await Promise.all(answers)).toEqual(["ok", "ok", "ok"]);
    expect(state.most).toBe(1);
    expect(state.order).toEqual(["a", "b", "c"]);
  });

  it("gives no place to a sign-in whose body is still on its way", async () => {
    const { state, send, port } = await gatedServer();
    // Headers now, body later: a slow (or deliberately slow) client.
    const slow = connect(port, "127.0.0.1");
    await new Promise<void>((resolve) => slow.once("connect", resolve));
    slow.write("POST /login HTTP/1.1\r\nHost: x\r\nx-name: slow\r\ncontent-type: text/plain\r\ncontent-length: 19\r\n\r\n");
    await new Promise((r) => setTimeout(r, 50));
    const fast = send("POST", "/login", "fast");
    await until(() => state.order.length === 1);
    expect(state.order).toEqual(["fast"]);
    state.release[0]!();
    expect(await fast).toBe("ok");
    slow.write("login=a&password=b!");
    await until(() => state.order.length === 2);
    expect(state.order).toEqual(["fast", "slow"]);
    state.release[1]!();
    slow.destroy();
  });

  it("passes a body far larger than any sign-in form straight on, without a place or a wait", async () => {
    const { state, send } = await gatedServer();
    const first = send("POST", "/login", "first");
    await until(() => state.running === 1);
    const req = request({
      host: "127.0.0.1",
      port: (server!.address() as AddressInfo).port,
      method: "POST",
      path: "/login",
      headers: { "x-name": "big" },
      agent: false,
    });
    req.on("error", () => {});
    req.end("x".repeat(64 * 1024));
    // Handed on while the first sign-in still holds the only place (without the size
    // rule it would sit out the 10 s body wait: Node never reads such a body to the end).
    await until(() => state.order.includes("big"));
    expect(state.most).toBe(2);
    state.release.forEach((release) => release());
    expect(await first).toBe("ok");
  });

  it("gives the place back when a waiting client goes away", async () => {
    const { state, send, gate } = await gatedServer();
    const first = send("POST", "/login", "first");
    await until(() => state.running === 1);
    const leaving = connect((server!.address() as AddressInfo).port, "127.0.0.1");
    await new Promise<void>((resolve) => leaving.once("connect", resolve));
    leaving.write("POST /login HTTP/1.1\r\nHost: x\r\nx-name: gone\r\ncontent-length: 2\r\n\r\nhi");
    await until(() => gate.queued === 1);
    leaving.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const third = send("POST", "/login", "third");
    // The one that left is out of the line already (it used to wait for its turn to leave).
    await until(() => gate.queued === 1);
    state.release[0]!();
    expect(await first).toBe("ok");
    await until(() => state.order.length === 2);
    expect(state.order).toEqual(["first", "third"]);
    state.release[1]!();
    expect(await third).toBe("ok");
  });

  it("lets the next sign-in in only at a quiet moment — or after a short wait when the server stays busy", async () => {
    const { state, send } = await gatedServer();
    const answers = ["a", "b"].map((name) => send("POST", "/login", name));
    await until(() => state.release.length === 1);
    // Signed-in traffic keeps the event loop busy: 8 ms of work on every turn.
    let busy = true;
    const spin = () => {
      const end = performance.now() + 8;
      while (performance.now() < end);
      if (busy) setImmediate(spin);
    };
    const released = performance.now();
    setImmediate(spin);
    state.release[0]!();
    await until(() => state.release.length === 2);
    const waited = performance.now() - released;
    busy = false;
    expect(waited).toBeGreaterThanOrEqual(50); // not let in while the loop was busy…
    expect(state.order).toEqual(["a", "b"]); // …but let in all the same (at most ~100 ms late)
    state.release[1]!();
    expect(await Promise.all(answers)).toEqual(["ok", "ok"]);
  });
});
