import { test as base, expect } from "@playwright/test";
import { createUser, type TestUser } from "./support/gatehouse";
import { LoginPage } from "./pages/login-page";

/** A fresh account per test (no shared signed-in state), and the login page object. */
export const test = base.extend<{ user: TestUser; loginPage: LoginPage }>({
  // eslint-disable-next-line no-empty-pattern
  user: async ({}, use) => {
    await use(createUser());
  },
  loginPage: async ({ page }, use) => {
    await use(new LoginPage(page));
  },
});

export { expect };
