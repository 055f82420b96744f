import { inject } from "vitest";

// Before any lib module reads the environment: the test process seeds and checks
// the same database, with the same instance secret, as the servers under test.
process.env.GATEHOUSE_DATA_DIR = inject("dataDir");
process.env.DATABASE_URL = inject("databaseUrl");
process.env.INSTANCE_SECRET = inject("instanceSecret");

await import("@/lib/plugins");
