import { test as base, expect } from "@playwright/test";
import { createUser, type TestUser } from "./support/gatehouse";
import { watchContexts } from "./support/secrets";
import { LoginPage } from "./pages/login-page";

/**
 * Every test writes down the secrets its browsers held and posted (cookies, passwords and
 * codes typed) for the log check (e2e/support/check-log.ts). Specs on servers of their own
 * (first-run, forward-auth) use this one.
 */
export const recordedTest = base.extend<{ recordSecrets: void }>({
  recordSecrets: [
    async ({ browser, context }, use) => {
      const done = watchContexts(browser, context);
      await use();
      await done();
    },
    { auto: true },
  ],
});

/** A fresh account per test (no shared signed-in state), and the login page object. */
export const test = recordedTest.extend<{ user: TestUser; loginPage: LoginPage }>({
  // Every test is a different client to the server's throttle (it trusts X-Forwarded-For in e2e).
  extraHTTPHeaders: async ({}, use) => {
    const n = () => Math.floor(Math.random() * 254) + 1;
    await use({ "x-forwarded-for": `198.18.${n()}.${n()}` });
  },
  user: async ({}, use) => {
    await use(createUser());
  },
  loginPage: async ({ page }, use) => {
    await use(new LoginPage(page));
  },
});

export { expect };
