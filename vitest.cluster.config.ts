import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

/**
 * The cluster suite (test/cluster): real `npm start` servers on one PostgreSQL
 * database behind nginx. Run on its own, after a production build
 * (scripts/test.mjs does): `npx vitest run --config vitest.cluster.config.ts`.
 */
export default defineConfig({
  resolve: {
    alias: {
      "server-only": path.join(root, "test/support/empty-module.ts"),
      "@gatehouse/provider-api": path.join(root, "lib/two-factor/provider-api.ts"),
      "@": root,
    },
  },
  test: {
    include: ["test/cluster/**/*.test.ts"],
    globalSetup: ["test/cluster/global-setup.ts"],
    setupFiles: ["test/cluster/setup-env.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
