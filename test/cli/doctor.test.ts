// Threat: an operator starts (or keeps running) an instance whose configuration, secret file, database or mail server is broken, and learns it only from failed sign-ins.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startSignalFake } from "@/test/fakes/signal";

const root = path.resolve(__dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-doctor-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `gatehouse <args>` on an instance of its own (a fresh SQLite file), with `env` on top. */
function gatehouse(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(root, "bin/gatehouse.mjs"), ...args], {
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production", GATEHOUSE_DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, "gatehouse.db")}`, SMTP_URL: "", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, lines: result.stdout.trim().split("\n") };
}

/** The same, without blocking this process: for a command that talks to a fake this process serves. */
function gatehouseAsync(args: string[]): Promise<ReturnType<typeof gatehouse>> {
  const child = spawn(process.execPath, [path.join(root, "bin/gatehouse.mjs"), ...args], {
    env: { ...process.env, NODE_ENV: "production", GATEHOUSE_DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, "gatehouse.db")}`, SMTP_URL: "" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr, lines: stdout.trim().split("\n") })));
}

const line = (lines: string[], subject: string) => lines.find((l) => new RegExp(`^\\S+\\s+${subject}\\s`).test(l)) ?? "";

describe("gatehouse doctor", () => {
  it("on a fresh instance: says what is not there yet, changes nothing, exits 0", () => {
    const fresh = gatehouse(["doctor"]);
    expect(fresh.code).toBe(0);
    expect(line(fresh.lines, "configuration")).toMatch(/^OK\s+configuration\s+sqlite database/);
    expect(line(fresh.lines, "instance secret")).toMatch(/^WARN .*does not exist yet/);
    expect(line(fresh.lines, "database")).toMatch(/^WARN .*migration\(s\) pending/);
    expect(line(fresh.lines, "smtp")).toMatch(/^WARN .*not checked: the database is not ready/);
    expect(existsSync(path.join(dir, "instance.secret"))).toBe(false);
  });

  it("once set up: everything OK", () => {
    expect(gatehouse(["user:list"]).code).toBe(0);
    const ready = gatehouse(["doctor"]);
    expect(ready.code).toBe(0);
    expect(line(ready.lines, "instance secret")).toMatch(/^OK /);
    expect(line(ready.lines, "database")).toMatch(/^OK\s+database\s+reachable, \d+ migrations applied/);
    expect(line(ready.lines, "smtp")).toMatch(/^WARN .*not configured/);
    expect(line(ready.lines, "gateways")).toMatch(/^OK\s+gateways\s+not configured: signal, telegram/);
  });

  it("fails, one line each, for a bad setting, an unreachable database, an open secret file and an SMTP server that does not answer", async () => {
    const bad = gatehouse(["doctor"], { DATABASE_URL: "mysql://localhost/gatehouse" });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe("Error: Invalid configuration: DATABASE_URL must start with file: or postgresql://\n");

    const down = gatehouse(["doctor"], { DATABASE_URL: "postgresql://nobody:nothing@127.0.0.1:1/none" });
    expect(down.code).toBe(1);
    expect(line(down.lines, "database")).toMatch(/^FAIL\s+database\s+postgresql database unreachable/);

    chmodSync(path.join(dir, "instance.secret"), 0o644);
    const open = gatehouse(["doctor"]);
    expect(open.code).toBe(1);
    expect(line(open.lines, "instance secret")).toMatch(/^FAIL .*readable by others \(mode 644\): chmod 600 it$/);
    chmodSync(path.join(dir, "instance.secret"), 0o600);

    // A port that accepts nothing: take one, then free it.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const smtp = gatehouse(["doctor"], { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "Gatehouse <gh@example.test>" });
    expect(smtp.code).toBe(1);
    expect(line(smtp.lines, "smtp")).toMatch(/^FAIL\s+smtp\s+not reachable — /);
    expect(smtp.stdout).not.toContain("\n\n");
  });

  it("fails, in one line, for a configured gateway whose service refuses its check", async () => {
    // signal-cli is up but holds another number than the one configured as sender.
    const signal = await startSignalFake("+15550000001");
    try {
      const configured = gatehouse(["gateway:configure", "signal", "--url", signal.url, "--number", "+15550000002", "--no-check"]);
      expect(configured.code, configured.stderr).toBe(0);
      const failing = await gatehouseAsync(["doctor"]);
      expect(failing.code).toBe(1);
      expect(line(failing.lines, "gateway signal")).toMatch(
        /^FAIL\s+gateway signal\s+not reachable — sender_account: signal-cli does not hold the sender number \+15550000002/,
      );
      expect(line(failing.lines, "gateways")).toMatch(/^OK\s+gateways\s+not configured: telegram/);
      expect(failing.stdout).not.toContain("\n\n");
      expect(failing.stderr).toBe("Error: 1 check failed\n");
    } finally {
      expect(gatehouse(["gateway:remove", "signal"]).code).toBe(0);
      await signal.close();
    }
  });

  it("fails, in one line, on a database with migrations this version does not know (a newer version ran on it)", () => {
    const sqlite = new Database(path.join(dir, "gatehouse.db"));
    const newer = "29991231000000_from_a_newer_version";
    sqlite
      .prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`)
      .run("newer-version", "0".repeat(64), Date.now(), newer, Date.now());
    try {
      const older = gatehouse(["doctor"]);
      expect(older.code).toBe(1);
      expect(line(older.lines, "database").replace(/\s+/g, " ")).toBe(
        `FAIL database applied migrations this version does not know (${newer}): it is older than the database`,
      );
      expect(older.lines.filter((l) => l.includes(newer))).toHaveLength(1);
    } finally {
      sqlite.prepare(`DELETE FROM "_prisma_migrations" WHERE id = ?`).run("newer-version");
      sqlite.close();
    }
    expect(gatehouse(["doctor"]).code).toBe(0);
  });
});
