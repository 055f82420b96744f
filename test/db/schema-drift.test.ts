// The two databases must not drift: one schema source, and each migrations folder must build exactly that schema.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const prisma = path.join(root, "node_modules/.bin/prisma");

describe("database schemas", () => {
  it("keeps prisma/postgresql/schema.prisma generated from the SQLite source", () => {
    const result = spawnSync(process.execPath, [path.join(root, "scripts/postgres-schema.mjs"), "--check"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("has the same models in both schemas", () => {
    const models = (file: string) =>
      readFileSync(path.join(root, file), "utf8")
        .split(/^model /m)
        .slice(1);
    expect(models("prisma/postgresql/schema.prisma")).toEqual(models("prisma/sqlite/schema.prisma"));
  });

  it("has SQLite migrations that produce exactly the schema", () => {
    const out = execFileSync(
      prisma,
      ["migrate", "diff", "--from-migrations", "prisma/sqlite/migrations", "--to-schema", "prisma/sqlite/schema.prisma", "--exit-code"],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: `file:${path.join(os.tmpdir(), "gatehouse-prisma-diff.db")}` },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    expect(out).toMatch(/No difference|empty/i);
  });

  it.runIf(process.env.DATABASE_URL?.startsWith("postgres") && process.env.SHADOW_DATABASE_URL)(
    "has PostgreSQL migrations that produce exactly the schema",
    async () => {
      // Start from an empty shadow database: not every schema engine resets it first.
      const shadow = new pg.Client({ connectionString: process.env.SHADOW_DATABASE_URL });
      await shadow.connect();
      await shadow.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
      await shadow.end();
      const out = execFileSync(
        prisma,
        ["migrate", "diff", "--from-migrations", "prisma/postgresql/migrations", "--to-schema", "prisma/postgresql/schema.prisma", "--exit-code"],
        { cwd: root, env: { ...process.env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
      );
      expect(out).toMatch(/No difference|empty/i);
    },
  );
});
