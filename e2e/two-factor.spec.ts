import { expect, test } from "./fixtures";
import { TwoFactorPage } from "./pages/two-factor-page";
import { cli, sql } from "./support/gatehouse";
import { decodeQr, totp } from "./support/otp";
import { recordSecret } from "./support/secrets";

test("TOTP from enrolment to sign-in, replay refused, backup codes once each, admin rescue by CLI", async ({ page, loginPage, user }) => {
  const security = new TwoFactorPage(page);
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/settings\/security$/);

  // Enrol: the QR image and the shown key carry the same secret.
  await security.setUpTotp.click();
  const secret = (await security.setupKey.textContent())!.replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const uri = new URL(decodeQr((await security.qrImage.getAttribute("src"))!)!);
  expect(uri.protocol).toBe("otpauth:");
  expect(uri.host).toBe("totp");
  expect(decodeURIComponent(uri.pathname)).toBe(`/Gatehouse:${user.login}`);
  expect(uri.searchParams.get("secret")).toBe(secret);
  expect(uri.searchParams.get("issuer")).toBe("Gatehouse");

  await security.totpCode.fill("000000");
  await security.verifyTotp.click();
  await expect(page.getByText("That code is not right.")).toBeVisible();
  await security.totpCode.fill(await totp(secret));
  await security.verifyTotp.click();
  await expect(security.providerState("Authenticator app")).toContainText("On");

  // Backup codes, shown once.
  await security.generateBackupCodes.click();
  await expect(security.backupCodes).toHaveCount(10);
  const codes = (await security.backupCodes.allTextContents()).map((code) => recordSecret("backup code", code));
  await security.savedCodes.click();
  await expect(page.getByTestId("backup-codes-remaining")).toHaveText("10 of 10 backup codes left.");

  // Sign out; the password alone is no longer enough.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/login\/challenge\/totp/);
  expect(sql("SELECT t.id FROM AuthToken t JOIN User u ON u.id = t.userId WHERE u.login = ?", user.login)).toHaveLength(0);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\/challenge/);

  const code = await totp(secret, 1);
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);

  // The same code on a second sign-in is refused.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await loginPage.signIn(user.login, user.password);
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText(/That code is not right\. 4 attempts left\./)).toBeVisible();

  // A backup code works once.
  await page.getByRole("link", { name: "Use a backup code" }).click();
  await page.getByLabel("Backup code").fill(codes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await loginPage.signIn(user.login, user.password);
  await page.getByRole("link", { name: "Use a backup code" }).click();
  await page.getByLabel("Backup code").fill(codes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText(/That backup code is not right or was used already/)).toBeVisible();

  // The admin rescues the user: the password alone works again.
  await page.getByRole("button", { name: "Cancel and sign in again" }).click();
  await expect(page.getByText("Sign-in cancelled.")).toBeVisible();
  expect(cli(["twofactorauth:disable", user.login])).toContain(`Two-factor authentication disabled for user ${user.login}`);
  await loginPage.signIn(user.login, user.password);
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
});

test("five wrong codes end the sign-in and send the user back to the password", async ({ page, loginPage, user }) => {
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  const security = new TwoFactorPage(page);
  await security.enrolTotp();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();

  await loginPage.signIn(user.login, user.password);
  for (const input of ["000000", "12 34 56", "abcdef", "", "1".repeat(300)]) {
    await page.getByLabel("Authentication code").fill(input);
    await page.getByRole("button", { name: "Verify" }).click();
    if (input !== "1".repeat(300)) await expect(page.getByText(/not right/)).toBeVisible();
  }
  await expect(page).toHaveURL(/\/login\?notice=locked/);
  await expect(page.getByText("Too many wrong codes.")).toBeVisible();
});

test("sensitive changes ask to confirm the password when the last confirmation is old", async ({ page, loginPage, user }) => {
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/settings\/security$/);
  sql("UPDATE AuthToken SET reauthAt = ? WHERE userId = (SELECT id FROM User WHERE login = ?)", Date.now() - 16 * 60_000, user.login);
  const security = new TwoFactorPage(page);
  await security.setUpTotp.click();
  await expect(page.getByRole("dialog", { name: "Confirm it's you" })).toBeVisible();
  await security.confirmPassword.fill("wrong password");
  await security.confirmButton.click();
  await expect(page.getByRole("dialog").getByText("Wrong password.")).toBeVisible();
  await security.confirmPassword.fill(user.password);
  await security.confirmButton.click();
  await expect(security.setupKey).toBeVisible();

  // Confirmation expires again while the user types the code: the code is kept and sent after confirming.
  const secret = (await security.setupKey.textContent())!.replace(/\s/g, "");
  sql("UPDATE AuthToken SET reauthAt = ? WHERE userId = (SELECT id FROM User WHERE login = ?)", Date.now() - 16 * 60_000, user.login);
  await security.totpCode.fill(await totp(secret));
  await security.verifyTotp.click();
  await security.confirmPassword.fill(user.password);
  await security.confirmButton.click();
  await expect(security.providerState("Authenticator app")).toContainText("On");
});

test("a challenge page without a pending sign-in goes back to the password", async ({ page }) => {
  await page.goto("/login/challenge/totp");
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await page.context().addCookies([{ name: "gatehouse-challenge", value: "forged", url: page.url() }]);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?notice=expired/);
  await expect(page.getByText("Your sign-in took too long or was cancelled.")).toBeVisible();
});
