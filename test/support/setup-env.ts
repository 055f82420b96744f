import { inject } from "vitest";

// Before any lib module reads the environment (lib/env.ts reads it once).
process.env.GATEHOUSE_DATA_DIR = inject("dataDir");
process.env.DATABASE_URL = inject("databaseUrl");

// The composition root, as the app's entry points import it: hands the core its providers.
await import("@/lib/plugins");

// Each test is its own client: a fresh address, so one test's wrong answers never
// throttle the next (the throttle counts per address in the shared database).
import { beforeEach } from "vitest";
beforeEach(async () => {
  const { META } = await import("@/test/support/factories");
  const n = () => Math.floor(Math.random() * 254) + 1;
  META.ip = `198.18.${n()}.${n()}`;
});
