import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/support/chromium";
import { E2E_SERVERS } from "./e2e/support/servers";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  globalSetup: "./e2e/support/global-setup.ts",
  use: {
    baseURL: E2E_SERVERS.main.url,
    trace: "retain-on-failure",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/, use: { ...devices["Desktop Chrome"], baseURL: E2E_SERVERS.fresh.url } },
    { name: "chromium", testIgnore: /first-run\.spec\.ts/, use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: Object.values(E2E_SERVERS).map((s) => ({
    command: `node e2e/support/start-server.mjs ${s.name}`,
    url: `${s.url}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  })),
});
