import { inject } from "vitest";

// Before any lib module reads the environment (lib/env.ts reads it once).
process.env.GATEHOUSE_DATA_DIR = inject("dataDir");
process.env.DATABASE_URL = inject("databaseUrl");
