import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_SERVERS } from "./e2e/support/servers";

// Debian's Chromium by default (CHROMIUM_PATH overrides; unset it and remove
// /usr/bin/chromium's use to run Playwright's own browser).
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

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
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
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
