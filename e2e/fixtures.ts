import { test as base, expect } from "@playwright/test";
import { createUser, type TestUser } from "./support/gatehouse";
import { LoginPage } from "./pages/login-page";

/** A fresh account per test (no shared signed-in state), and the login page object. */
export const test = base.extend<{ user: TestUser; loginPage: LoginPage }>({
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
