import type { Locator, Page } from "@playwright/test";

export class LoginPage {
  readonly login: Locator;
  readonly password: Locator;
  readonly remember: Locator;
  readonly submit: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.login = page.getByLabel("Login name");
    this.password = page.getByLabel("Password");
    this.remember = page.getByLabel("Keep me signed in on this device");
    this.submit = page.getByRole("button", { name: "Sign in", exact: true });
    // Scoped to the page body: Next adds its own (empty) route announcer with role="alert".
    this.alert = page.getByRole("main").getByRole("alert");
  }

  async goto(next?: string) {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  }

  async signIn(login: string, password: string, options: { remember?: boolean } = {}) {
    await this.login.fill(login);
    await this.password.fill(password);
    if (options.remember) await this.remember.check();
    await this.submit.click();
  }
}
