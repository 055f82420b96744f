import type { Locator, Page } from "@playwright/test";

/** One message-code provider's panel on /settings/security (E-mail, Telegram, …). */
export class MessageCodePanel {
  readonly recipient: Locator;
  readonly send: Locator;
  readonly code: Locator;
  readonly verify: Locator;
  readonly turnOff: Locator;
  readonly state: Locator;

  constructor(
    readonly page: Page,
    channelName: string,
    recipientLabel: string,
  ) {
    this.recipient = page.getByLabel(recipientLabel, { exact: true });
    this.send = page.getByRole("button", { name: `Send code via ${channelName}` });
    this.code = page.getByLabel("Verification code");
    this.verify = page.getByRole("button", { name: "Verify and turn on" });
    this.turnOff = page.getByRole("button", { name: `Turn off ${channelName} codes` });
    this.state = page.getByRole("heading", { name: new RegExp(`^${channelName}`) });
  }
}
