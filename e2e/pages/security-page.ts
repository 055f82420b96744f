import type { Locator, Page } from "@playwright/test";

/** /settings/security: devices & sessions, app passwords, password change. */
export class SecurityPage {
  readonly devices: Locator;
  readonly sessions: Locator;
  readonly appPasswords: Locator;
  readonly thisDevice: Locator;
  readonly signOutOthers: Locator;
  readonly createForm: Locator;
  readonly appName: Locator;
  readonly readOnly: Locator;
  readonly create: Locator;
  readonly formAlert: Locator;
  readonly confirmDialog: Locator;
  readonly confirmPassword: Locator;
  readonly confirm: Locator;
  readonly reveal: Locator;
  readonly revealLogin: Locator;
  readonly revealPassword: Locator;
  readonly copyPassword: Locator;
  readonly qrCode: Locator;
  readonly done: Locator;
  readonly revokeDialog: Locator;
  readonly confirmRevoke: Locator;
  readonly passwordForm: Locator;
  readonly currentPassword: Locator;
  readonly newPassword: Locator;
  readonly repeatPassword: Locator;
  readonly revokeAppPasswords: Locator;
  readonly changePassword: Locator;

  constructor(readonly page: Page) {
    this.devices = page.getByRole("list", { name: "Devices and app passwords" });
    this.sessions = this.devices.getByRole("listitem").filter({ hasText: "Browser session" });
    this.appPasswords = this.devices.getByRole("listitem").filter({ hasText: "App password" });
    this.thisDevice = this.devices.getByRole("listitem").filter({ hasText: "This device" });
    this.signOutOthers = page.getByRole("button", { name: "Sign out all other sessions" });
    this.createForm = page.getByRole("form", { name: "Create app password" });
    this.appName = this.createForm.getByLabel("App or device name");
    this.readOnly = this.createForm.getByLabel("Read-only", { exact: false });
    this.create = this.createForm.getByRole("button", { name: "Create app password" });
    this.formAlert = this.createForm.getByRole("alert");
    this.confirmDialog = page.getByRole("dialog", { name: "Confirm it's you" });
    this.confirmPassword = this.confirmDialog.getByLabel("Your password");
    this.confirm = this.confirmDialog.getByRole("button", { name: "Confirm" });
    this.reveal = page.getByRole("dialog", { name: "App password created" });
    this.revealLogin = this.reveal.getByLabel("Login name");
    this.revealPassword = this.reveal.getByLabel("App password", { exact: true });
    this.copyPassword = this.reveal.getByRole("button", { name: "Copy app password" });
    this.qrCode = this.reveal.getByRole("img", { name: /QR code/ });
    this.done = this.reveal.getByRole("button", { name: "Done" });
    this.revokeDialog = page.getByRole("dialog", { name: "Revoke this app password?" });
    this.confirmRevoke = this.revokeDialog.getByRole("button", { name: "Revoke app password" });
    this.passwordForm = page.getByRole("form", { name: "Change password" });
    this.currentPassword = this.passwordForm.getByLabel("Current password");
    this.newPassword = this.passwordForm.getByLabel("New password");
    this.repeatPassword = this.passwordForm.getByLabel("Repeat the password");
    this.revokeAppPasswords = this.passwordForm.getByLabel("Also revoke all app passwords");
    this.changePassword = this.passwordForm.getByRole("button", { name: "Change password" });
  }

  async goto() {
    await this.page.goto("/settings/security");
  }

  device(name: string): Locator {
    return this.devices.getByRole("listitem", { name, exact: true });
  }

  revokeButton(name: string): Locator {
    return this.device(name).getByRole("button", { name: `Revoke ${name}` });
  }

  async createAppPassword(name: string, options: { readOnly?: boolean } = {}) {
    await this.appName.fill(name);
    if (options.readOnly) await this.readOnly.check();
    await this.create.click();
  }

  async rename(from: string, to: string) {
    await this.device(from)
      .getByRole("button", { name: `Rename ${from}` })
      .click();
    const form = this.page.getByRole("form", { name: `Rename ${from}` });
    await form.getByLabel("New name").fill(to);
    await form.getByRole("button", { name: "Save name" }).click();
  }

  async changePasswordTo(current: string, next: string, options: { revokeAppPasswords?: boolean } = {}) {
    await this.currentPassword.fill(current);
    await this.newPassword.fill(next);
    await this.repeatPassword.fill(next);
    if (options.revokeAppPasswords === false) await this.revokeAppPasswords.uncheck();
    await this.changePassword.click();
  }
}
