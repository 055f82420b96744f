import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: {
      // Tests are server code: the `server-only` guard is a no-op here.
      "server-only": path.join(root, "test/support/empty-module.ts"),
      "@gatehouse/provider-api": path.join(root, "lib/two-factor/provider-api.ts"),
      "@": root,
    },
  },
  test: {
    include: ["test/**/*.test.ts", "lib/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    // Real servers behind nginx, after a build: vitest.cluster.config.ts runs them.
    exclude: [...configDefaults.exclude, "test/cluster/**"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup-env.ts"],
    // One database for the run; files run one after another so that counts
    // and timing-sensitive assertions see only their own writes.
    fileParallelism: false,
    // Generous: CLI tests start real processes, which a loaded machine slows down.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
