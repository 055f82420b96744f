import { expect, test } from "./fixtures";
import { TwoFactorPage } from "./pages/two-factor-page";
import { randomBytes } from "node:crypto";
import { createUser, sql } from "./support/gatehouse";
import { totp } from "./support/otp";
import { recordSecret } from "./support/secrets";

/** Makes the admin's last confirmation 16 minutes old: every admin action now asks again. */
const confirmationExpires = (login: string) =>
  sql("UPDATE AuthToken SET reauthAt = ? WHERE userId = (SELECT id FROM User WHERE login = ?)", Date.now() - 16 * 60_000, login);

test("a non-admin gets 404 on /admin/security", async ({ page, loginPage, user }) => {
  await loginPage.goto();
  await loginPage.signIn(user.login, user.password);
  await expect(page.getByTestId("signed-in-login")).toBeVisible();
  const response = await page.goto("/admin/security");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("link", { name: "Administration" })).toHaveCount(0);
});

test("an admin finds a user, turns off their TOTP, and the user signs in with the password alone", async ({ browser, page, loginPage, user }) => {
  // The user sets up TOTP in their own browser.
  const own = await browser.newContext();
  const userPage = await own.newPage();
  await userPage.goto("/login?next=/settings/security");
  await userPage.getByLabel("Login name").fill(user.login);
  await userPage.getByLabel("Password").fill(user.password);
  await userPage.getByRole("button", { name: "Sign in", exact: true }).click();
  const security = new TwoFactorPage(userPage);
  await security.enrolTotp();
  await own.close();

  const admin = createUser({ admin: true });
  await loginPage.goto("/admin/security");
  await loginPage.signIn(admin.login, admin.password);
  await page.getByRole("searchbox", { name: "Search users" }).fill(user.login);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row", { name: new RegExp(user.login) });
  await expect(row).toContainText("Authenticator app");
  await row.getByRole("link", { name: user.login }).click();
  await page.waitForLoadState("networkidle"); // the confirm() handler needs the page hydrated
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Turn off Authenticator app" }).click();
  await expect(page.getByText(`Turned off Authenticator app for ${user.login}.`)).toBeVisible();

  await page.getByRole("button", { name: "Generate one-time code" }).click();
  await expect(page.getByLabel("One-time code")).toHaveText(/^\d{8}$/);
  recordSecret("admin bypass code", (await page.getByLabel("One-time code").textContent()) ?? undefined);

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await loginPage.signIn(user.login, user.password);
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
});

test("the admin's user page shows how each of the user's sessions was signed in", async ({ browser, page, loginPage, user }) => {
  // One browser signs in with the password alone and sets up TOTP; a second signs in with the password and a code.
  const first = await browser.newContext();
  const firstPage = await first.newPage();
  await firstPage.goto("/login?next=/settings/security");
  await firstPage.getByLabel("Login name").fill(user.login);
  await firstPage.getByLabel("Password").fill(user.password);
  await firstPage.getByRole("button", { name: "Sign in", exact: true }).click();
  const secret = await new TwoFactorPage(firstPage).enrolTotp();
  const second = await browser.newContext();
  const secondPage = await second.newPage();
  await secondPage.goto("/login");
  await secondPage.getByLabel("Login name").fill(user.login);
  await secondPage.getByLabel("Password").fill(user.password);
  await secondPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await secondPage.getByLabel("Authentication code").fill(await totp(secret, 1));
  await secondPage.getByRole("button", { name: "Verify" }).click();
  await expect(secondPage.getByTestId("signed-in-login")).toHaveText(user.login);

  const admin = createUser({ admin: true });
  await loginPage.goto(`/admin/security/users/${user.login}`);
  await loginPage.signIn(admin.login, admin.password);
  const sessions = page.getByRole("list", { name: "Browser sessions" }).getByTestId("admin-session-methods");
  await expect(sessions).toHaveCount(2);
  const shown = (await sessions.allTextContents()).map((t) => t.split(" · ")[0]).sort();
  expect(shown).toEqual(["Signed in with password + one-time code", "Signed in with password only (no second factor asked)"]);
  await first.close();
  await second.close();
});

test("disabling an account ends its open browser session on the next request", async ({ browser, page, loginPage, user }) => {
  const own = await browser.newContext();
  const userPage = await own.newPage();
  await userPage.goto("/login");
  await userPage.getByLabel("Login name").fill(user.login);
  await userPage.getByLabel("Password").fill(user.password);
  await userPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(userPage.getByTestId("signed-in-login")).toHaveText(user.login);

  const admin = createUser({ admin: true });
  await loginPage.goto(`/admin/security/users/${user.login}`);
  await loginPage.signIn(admin.login, admin.password);
  await expect(page.getByRole("button", { name: "Disable account" })).toBeVisible();
  await page.waitForLoadState("networkidle"); // the confirm() handler needs the page hydrated
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Disable account" }).click();
  await expect(page.getByText(`${user.login} is disabled; 1 session(s) and app password(s) ended.`)).toBeVisible();

  await userPage.reload();
  await expect(userPage).toHaveURL(/\/login/);
  await userPage.getByLabel("Login name").fill(user.login);
  await userPage.getByLabel("Password").fill(user.password);
  await userPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(userPage.getByRole("main").getByRole("alert")).toHaveText("This account is disabled. Ask your administrator.");
  await own.close();
});

test("an admin whose confirmation is over 15 minutes old confirms it's them in place, and the action goes through with what was typed", async ({
  page,
  loginPage,
  user,
}) => {
  const admin = createUser({ admin: true });
  await loginPage.goto(`/admin/security/users/${user.login}`);
  await loginPage.signIn(admin.login, admin.password);
  await expect(page.getByRole("button", { name: "Reset password" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });

  // Cancelled: nothing changes, the page says why.
  confirmationExpires(admin.login);
  await page.getByRole("button", { name: "Make administrator" }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Confirm it's you to continue.")).toBeVisible();
  expect(sql<{ isAdmin: number }>("SELECT isAdmin FROM User WHERE login = ?", user.login)[0]!.isAdmin).toBe(0);

  // Confirmed: the typed password stays in its field behind the dialog and is sent once confirmed.
  const newPassword = `new-${randomBytes(9).toString("base64url")}-pass`;
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(dialog).toBeVisible();
  await expect(page.getByLabel("New password")).toHaveValue(newPassword);
  await dialog.getByLabel("Your password").fill("not the admin's password");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("Wrong password.")).toBeVisible();
  await dialog.getByLabel("Your password").fill(admin.password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(`Password changed; 0 session(s) and app password(s) of ${user.login} ended.`)).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel("New password")).toHaveValue("");

  // Confirmed for the next 15 minutes: the next action asks nothing.
  await page.getByRole("button", { name: "Make administrator" }).click();
  await expect(page.getByText(`${user.login} is now an administrator.`)).toBeVisible();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await loginPage.signIn(user.login, newPassword);
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
});

test.describe("the maximum app-password lifetime", () => {
  test.afterEach(() => sql("DELETE FROM AppConfig WHERE key = 'app_password_max_days'"));

  test("an admin sets it under Clients and app passwords, confirming it's them; a bad value is refused on the field", async ({ page, loginPage }) => {
    const admin = createUser({ admin: true });
    await loginPage.goto("/admin/security");
    await loginPage.signIn(admin.login, admin.password);
    const field = page.getByLabel("Longest lifetime of a new app password (days)");
    await expect(field).toHaveValue("0");
    await page.waitForLoadState("networkidle");
    const section = page.getByRole("region", { name: "Clients and app passwords" });
    const save = section.locator("form").filter({ has: field }).getByRole("button", { name: "Save" });

    await field.fill("ten");
    await save.click();
    await expect(section.getByText("app_password_max_days must be a number of days (0: no limit).")).toBeVisible();

    confirmationExpires(admin.login);
    await field.fill("60");
    await save.click();
    const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
    await dialog.getByLabel("Your password").fill(admin.password);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(section.getByText("New app passwords last at most 60 day(s); existing ones keep their lifetime.")).toBeVisible();
    expect(sql<{ value: string }>("SELECT value FROM AppConfig WHERE key = 'app_password_max_days'")).toEqual([{ value: "60" }]);

    await page.reload();
    await expect(field).toHaveValue("60");
  });
});
