import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

/**
 * A database of its own for the cluster suite, created on TEST_POSTGRES_URL's
 * server (so it never collides with the PostgreSQL integration run) and left
 * empty: the two servers under test apply the migrations themselves, at once.
 * Without TEST_POSTGRES_URL the PostgreSQL-only files skip (and say so) and the
 * others use a SQLite file.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-cluster-"));
  project.provide("dataDir", dataDir);
  project.provide("instanceSecret", randomBytes(32).toString("base64url"));
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) {
    project.provide("postgresUrl", "");
    project.provide("databaseUrl", `file:${path.join(dataDir, "gatehouse.db")}`);
    return () => rmSync(dataDir, { recursive: true, force: true });
  }
  const name = `gh_cluster_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  project.provide("postgresUrl", url.toString());
  project.provide("databaseUrl", url.toString());
  return async () => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    instanceSecret: string;
    /** The suite's own PostgreSQL database, or "" without TEST_POSTGRES_URL. */
    postgresUrl: string;
  }
}
