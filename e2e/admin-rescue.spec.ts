import { expect, test } from "./fixtures";
import { TwoFactorPage } from "./pages/two-factor-page";
import { cli, createUser, sql } from "./support/gatehouse";
import { totp } from "./support/otp";
import { recordSecret } from "./support/secrets";

test.describe.configure({ mode: "serial" });

test("an enforced user without a factor is forced through /login/setup with TOTP, then reaches the app", async ({ page, loginPage }) => {
  const group = `enforced-${Date.now()}`;
  const user = createUser();
  cli(["group:add", group]);
  cli(["group:adduser", group, user.login]);
  cli(["twofactorauth:enforce", "--on", "--group", group]);
  try {
    await loginPage.goto();
    await loginPage.signIn(user.login, user.password);
    await expect(page).toHaveURL(/\/login\/setup/);
    await page.goto("/settings/security");
    await expect(page).toHaveURL(/\/login\/(challenge|setup)/);
    await page.goto("/login/setup");
    await page.getByRole("link", { name: /Authenticator app/ }).click();
    const secret = (await page.getByLabel("Setup key").textContent())!.replace(/\s/g, "");
    await page.getByLabel("Code from the app").fill("000000");
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await expect(page.getByText(/That code is not right/)).toBeVisible();
    await page.getByLabel("Code from the app").fill(await totp(secret));
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await expect(page).toHaveURL(/\/settings\/security\?notice=factor-set-up/);
    await expect(page.getByText("Two-factor authentication is on. Generate backup codes")).toBeVisible();
    await expect(new TwoFactorPage(page).generateBackupCodes).toBeVisible();
  } finally {
    cli(["twofactorauth:enforce", "--off"]);
  }
});

test("an admin bypass code signs the user in exactly once and leads to setting up a new factor", async ({ page, loginPage, user }) => {
  // The user has TOTP but lost the phone.
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  const security = new TwoFactorPage(page);
  await security.enrolTotp();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();

  const code = recordSecret("admin bypass code", /: (\d{8})/.exec(cli(["twofactorauth:admin:generate-code", user.login]))![1]!);
  await loginPage.signIn(user.login, user.password);
  await page.getByRole("link", { name: "Try another way" }).click();
  await page.getByRole("link", { name: /Code from your administrator/ }).click();
  await page.getByLabel("Administrator code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/settings\/security\?notice=set-up-factor/);
  await expect(page.getByText("You signed in with a one-time code from your administrator.")).toBeVisible();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();

  // Used up: only the authenticator app is left to offer.
  await loginPage.signIn(user.login, user.password);
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await expect(page.getByRole("link", { name: "Try another way" })).toHaveCount(0);
  await page.goto("/login/challenge/admin_code");
  await expect(page).toHaveURL(/\/login\/challenge\/totp/);
  expect(
    sql<{ usedAt: number | null }>("SELECT usedAt FROM AdminBypassCode WHERE userId = (SELECT id FROM User WHERE login = ?)", user.login)[0]!.usedAt,
  ).not.toBeNull();
});
