// Threat: a backup made as docs/deployment.md says cannot be restored, or is restored without the instance secret and silently loses every encrypted secret (TOTP seeds, gateway credentials).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scratchDatabase } from "@/test/cluster/cluster";

const root = path.resolve(__dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const has = (bin: string) => spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;

function gatehouse(env: { GATEHOUSE_DATA_DIR: string; DATABASE_URL: string }, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [path.join(root, "bin/gatehouse.mjs"), ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production", SMTP_URL: "", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const sh = (command: string, env: Record<string, string> = {}) => {
  const r = spawnSync("sh", ["-c", command], { encoding: "utf8", env: { ...process.env, ...env } });
  expect(r.status, `${command}: ${r.stderr}`).toBe(0);
};

/** An instance with a user and an encrypted secret (the e-mail gateway's settings are stored encrypted with the instance secret). */
function populate(env: { GATEHOUSE_DATA_DIR: string; DATABASE_URL: string }) {
  expect(gatehouse(env, ["user:add", "alice", "--password-stdin"], "a long enough password 2024\n").code).toBe(0);
  expect(
    gatehouse(env, ["gateway:configure", "email", "--smtp-url", "smtp://mail.example.test:587", "--from", "Gatehouse <gh@example.test>", "--no-check"]).code,
  ).toBe(0);
}

function expectRestored(env: { GATEHOUSE_DATA_DIR: string; DATABASE_URL: string }) {
  expect(gatehouse(env, ["user:list"]).stdout).toMatch(/\balice\b/);
  expect(gatehouse(env, ["gateway:status", "email", "--json"]).stdout).toMatch(/"configured":true/);
}

function expectSecretNeeded(env: { GATEHOUSE_DATA_DIR: string; DATABASE_URL: string }) {
  // The database alone, with a new instance secret: the encrypted settings cannot be read.
  rmSync(path.join(env.GATEHOUSE_DATA_DIR, "instance.secret"));
  expect(gatehouse(env, ["gateway:status", "email", "--json"]).stdout).toMatch(/"configured":false/);
}

describe.skipIf(!has("sqlite3"))("backup and restore, SQLite (docs/deployment.md § Backups)", () => {
  it("sqlite3 .backup plus instance.secret brings the instance back; without the secret its encrypted settings are lost", () => {
    const live = { GATEHOUSE_DATA_DIR: path.join(dir, "live"), DATABASE_URL: `file:${path.join(dir, "live", "gatehouse.db")}` };
    populate(live);
    const backups = path.join(dir, "backups");
    mkdirSync(backups);
    // The guide's commands, with these folders for /var/lib/gatehouse and /var/backups/gatehouse.
    sh(`sqlite3 "${live.GATEHOUSE_DATA_DIR}/gatehouse.db" ".backup '${backups}/gatehouse.db'"`);
    sh(`cp -p "${live.GATEHOUSE_DATA_DIR}/instance.secret" "${backups}/"`);

    const restored = { GATEHOUSE_DATA_DIR: path.join(dir, "restored"), DATABASE_URL: `file:${path.join(dir, "restored", "gatehouse.db")}` };
    mkdirSync(restored.GATEHOUSE_DATA_DIR, { mode: 0o700 });
    sh(`cp -p "${backups}/gatehouse.db" "${backups}/instance.secret" "${restored.GATEHOUSE_DATA_DIR}/"`);
    expectRestored(restored);
    expectSecretNeeded(restored);
  });
});

const postgres = process.env.TEST_POSTGRES_URL;
describe.skipIf(!postgres || !has("pg_dump") || !has("pg_restore"))("backup and restore, PostgreSQL (docs/deployment.md § Backups)", () => {
  it("pg_dump --format=custom plus instance.secret, restored with pg_restore into an empty database", async () => {
    const [source, target] = [await scratchDatabase(postgres!, "gh_backup"), await scratchDatabase(postgres!, "gh_restore")];
    try {
      const live = { GATEHOUSE_DATA_DIR: path.join(dir, "pg-live"), DATABASE_URL: source.url };
      populate(live);
      const backups = path.join(dir, "pg-backups");
      mkdirSync(backups);
      sh(`pg_dump --format=custom --file="${backups}/gatehouse.dump" "$DATABASE_URL"`, { DATABASE_URL: source.url });
      sh(`cp -p "${live.GATEHOUSE_DATA_DIR}/instance.secret" "${backups}/"`);

      const restored = { GATEHOUSE_DATA_DIR: path.join(dir, "pg-restored"), DATABASE_URL: target.url };
      sh(`pg_restore --no-owner --dbname="$DATABASE_URL" "${backups}/gatehouse.dump"`, { DATABASE_URL: target.url });
      mkdirSync(restored.GATEHOUSE_DATA_DIR, { mode: 0o700 });
      sh(`cp -p "${backups}/instance.secret" "${restored.GATEHOUSE_DATA_DIR}/"`);
      expectRestored(restored);
      expectSecretNeeded(restored);
    } finally {
      await source.drop();
      await target.drop();
    }
  });
});
