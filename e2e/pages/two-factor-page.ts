import { expect, type Locator, type Page } from "@playwright/test";
import { totp } from "../support/otp";

/** /settings/security: the two-factor section and the confirm-it's-you dialog. */
export class TwoFactorPage {
  readonly setUpTotp: Locator;
  readonly setupKey: Locator;
  readonly qrImage: Locator;
  readonly totpCode: Locator;
  readonly verifyTotp: Locator;
  readonly turnOffTotp: Locator;
  readonly generateBackupCodes: Locator;
  readonly backupCodes: Locator;
  readonly savedCodes: Locator;
  readonly confirmPassword: Locator;
  readonly confirmButton: Locator;

  constructor(readonly page: Page) {
    this.setUpTotp = page.getByRole("button", { name: "Set up authenticator app" });
    this.setupKey = page.getByLabel("Setup key");
    this.qrImage = page.getByRole("img", { name: "QR code for your authenticator app" });
    this.totpCode = page.getByLabel("Code from the app");
    this.verifyTotp = page.getByRole("button", { name: "Verify and turn on" });
    this.turnOffTotp = page.getByRole("button", { name: "Turn off authenticator app" });
    this.generateBackupCodes = page.getByRole("button", { name: /Generate (new )?backup codes/ });
    this.backupCodes = page.getByRole("list", { name: "Backup codes" }).getByRole("listitem");
    this.savedCodes = page.getByRole("button", { name: "I have saved them" });
    this.confirmPassword = page.getByRole("dialog").getByLabel("Your password");
    this.confirmButton = page.getByRole("dialog").getByRole("button", { name: "Confirm" });
  }

  async goto() {
    await this.page.goto("/settings/security");
  }

  /** Sets up the authenticator app from this page, as a user would; returns the secret for generating codes. */
  async enrolTotp(): Promise<string> {
    await this.setUpTotp.click();
    const secret = (await this.setupKey.textContent())!.replace(/\s/g, "");
    await this.totpCode.fill(await totp(secret));
    await this.verifyTotp.click();
    await expect(this.providerState("Authenticator app")).toContainText("On");
    return secret;
  }

  providerState(name: string): Locator {
    return this.page.getByRole("heading", { name: new RegExp(`^${name}`) });
  }
}
