// Threat: a deploy or restart (SIGTERM) cuts sign-ins and verify requests in flight, or the stopping server keeps taking new connections the load balancer should send elsewhere — or one request that never ends keeps it from stopping.
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type Server } from "@/bench/server";
import { buildIfStale } from "@/scripts/build-if-stale";
import { PORTS } from "./cluster";

const root = process.cwd();
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-stop-"));
let server: Server | undefined;
let cut: Server | undefined;

afterAll(async () => {
  await server?.stop();
  await cut?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const connected = (port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });

describe("SIGTERM", () => {
  it("stops taking connections, finishes the request in flight, then exits 0", async () => {
    buildIfStale(root);
    server = await startServer({ name: "stopping", root, port: PORTS.stopping, env: { GATEHOUSE_DATA_DIR: path.join(dir, "stopping"), DATABASE_URL: "" } });
    // A sign-in whose body is still arriving: in flight, held before Next until the last byte.
    const body = "login=someone&password=" + "x".repeat(40);
    const socket = await connected(PORTS.stopping);
    let answer = "";
    socket.on("data", (d: Buffer) => (answer += d.toString()));
    const closed = new Promise((r) => socket.once("close", r));
    socket.write(
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${PORTS.stopping}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 300));

    process.kill(server.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await expect(connected(PORTS.stopping)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(answer).toBe("");

    await new Promise((r) => setTimeout(r, 1000));
    socket.write(body.slice(10));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 [1-4]\d\d /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it("cuts the requests still running after the 10 s grace, and exits 1", async () => {
    buildIfStale(root);
    cut = await startServer({ name: "cut", root, port: PORTS.cut, env: { GATEHOUSE_DATA_DIR: path.join(dir, "cut"), DATABASE_URL: "" } });
    // A device-code poll whose body never ends: its route waits for the body, and Node's own limit (30 s) comes later than the grace.
    const socket = await connected(PORTS.cut);
    let answer = "";
    socket.on("data", (d: Buffer) => (answer += d.toString()));
    const closed = new Promise((r) => socket.once("close", r));
    socket.write(
      `POST /api/v1/device/token HTTP/1.1\r\nHost: 127.0.0.1:${PORTS.cut}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\ngrant_type=`,
    );
    await new Promise((r) => setTimeout(r, 300));

    const stoppedAt = performance.now();
    process.kill(cut.pid, "SIGTERM");
    await closed;
    const after = performance.now() - stoppedAt;
    expect(answer).toBe("");
    expect(after).toBeGreaterThanOrEqual(9_500);
    expect(after).toBeLessThan(15_000);
    expect(await cut.exited).toBe(1);
    expect(cut.output()).toContain('"msg":"stopping: requests still running after 10 s were cut"');
  });
});
