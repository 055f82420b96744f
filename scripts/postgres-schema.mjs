#!/usr/bin/env node
// Generates prisma/postgresql/schema.prisma from prisma/sqlite/schema.prisma, the
// one source of truth. Prisma takes no env() in `provider`, so each database
// needs its own schema file; this keeps them from drifting apart.
// Usage: node scripts/postgres-schema.mjs [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = `${root}prisma/sqlite/schema.prisma`;
const target = `${root}prisma/postgresql/schema.prisma`;

export function toPostgres(schema) {
  const swapped = schema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace('output   = "../../lib/generated/sqlite"', 'output   = "../../lib/generated/postgresql"')
    .replace(/^\/\/ The single source of truth[\s\S]*?by hand\.\n/m, "");
  if (!swapped.includes('provider = "postgresql"') || !swapped.includes("generated/postgresql")) {
    throw new Error("prisma/sqlite/schema.prisma no longer has the expected datasource/generator blocks");
  }
  return `// GENERATED from prisma/sqlite/schema.prisma by scripts/postgres-schema.mjs — do not edit.\n\n${swapped}`;
}

const wanted = toPostgres(readFileSync(source, "utf8"));
if (process.argv.includes("--check")) {
  let actual = "";
  try {
    actual = readFileSync(target, "utf8");
  } catch {
    /* missing counts as drift */
  }
  if (actual !== wanted) {
    console.error("prisma/postgresql/schema.prisma is out of date: run `npm run db:schema`");
    process.exit(1);
  }
} else {
  writeFileSync(target, wanted);
}
