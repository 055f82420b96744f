// A hardware key (OATH-HOTP, from the @gatehouse/provider-hotp package named in gatehouse.config.ts):
// enrolled on the settings page with its secret, then used to sign in — each press's code works once.
import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { hotp } from "./support/otp";

test("a user enrols a HOTP hardware key in settings and signs in with its next code, once", async ({ page, loginPage, user }) => {
  const secret = randomBytes(20).toString("hex"); // as a key personalisation tool prints it
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/settings\/security$/);

  await page.getByRole("button", { name: "Set up Hardware key (HOTP)" }).click();
  await page.getByLabel("Secret key").fill(secret);
  await page.getByLabel("Code from the key").fill(await hotp(secret, 0));
  await page.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(page.getByRole("heading", { name: /^Hardware key \(HOTP\)/ })).toContainText("On");

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/login\/challenge\/hotp/);
  await page.getByLabel("Code from the key").fill(await hotp(secret, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);

  // The same press again is refused; the key's next press works.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await loginPage.signIn(user.login, user.password);
  await page.getByLabel("Code from the key").fill(await hotp(secret, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText(/not right/)).toBeVisible();
  await page.getByLabel("Code from the key").fill(await hotp(secret, 2));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
});
