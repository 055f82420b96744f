import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma CLI configuration (generate, migrate dev/diff/status). The running server
// does not use it: it applies migrations itself (lib/db/migrate.ts). The database
// kind follows DATABASE_URL's scheme, as it does in lib/env.ts.
const dataDir = path.resolve(process.env.GATEHOUSE_DATA_DIR || "./data");
const url = process.env.DATABASE_URL || `file:${path.join(dataDir, "gatehouse.db")}`;
const kind = url.startsWith("file:") ? "sqlite" : "postgresql";

export default defineConfig({
  schema: `prisma/${kind}/schema.prisma`,
  migrations: { path: `prisma/${kind}/migrations` },
  datasource: { url, shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL },
});
