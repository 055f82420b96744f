// Threat: an operator who asks for readable logs on a terminal (LOG_FORMAT=pretty) still gets JSON, or loses the request id and fields in the readable form.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type Server } from "@/bench/server";
import { buildIfStale } from "@/scripts/build-if-stale";
import { basic } from "@/test/support/api";
import { call, loopbackClient, PORTS } from "./cluster";

const root = process.cwd();
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-pretty-"));
let server: Server | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const isJson = (line: string) => {
  try {
    return typeof JSON.parse(line) === "object";
  } catch {
    return false;
  }
};

describe("LOG_FORMAT=pretty", () => {
  it("prints human lines — time, level and message, then the fields one per line — and no JSON", async () => {
    buildIfStale(root);
    server = await startServer({ name: "pretty", root, port: PORTS.pretty, env: { GATEHOUSE_DATA_DIR: dir, DATABASE_URL: "", LOG_FORMAT: "pretty" } });
    const refused = await call(server.url, "/api/v1/me", {
      headers: { authorization: basic("nobody", "a wrong password"), "x-request-id": "pretty-req-1" },
      from: loopbackClient(),
    });
    expect(refused.status).toBe(401);
    await server.stop();

    const lines = server
      .output()
      .split("\n")
      .filter((l) => l.trim() !== "");
    expect(lines.filter(isJson), "JSON lines").toEqual([]);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^\\[[\\d:.]+\\] INFO \\(\\d+\\): Gatehouse ready on http://127\\.0\\.0\\.1:${PORTS.pretty}$`)),
    );
    // A security event, with the proxy's request id among its fields.
    const event = lines.findIndex((l) => / INFO \(\d+\): security event$/.test(l));
    expect(event).toBeGreaterThan(-1);
    const fields = lines.slice(
      event + 1,
      lines.findIndex((l, i) => i > event && /^\[/.test(l)),
    );
    expect(fields).toContainEqual(expect.stringMatching(/^\s+reqId: "pretty-req-1"$/));
    expect(fields).toContainEqual(expect.stringMatching(/^\s+event: "sign_in\.failed"$/));
  });
});
