import { expect, test } from "./fixtures";
import { sql } from "./support/gatehouse";

test("signs in, survives a reload, and signs out", async ({ page, loginPage, user }) => {
  await loginPage.goto();
  await loginPage.signIn(user.login, user.password);
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
  await page.reload();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed-out/);
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  expect(sql("SELECT t.id FROM AuthToken t JOIN User u ON u.id = t.userId WHERE u.login = ?", user.login)).toHaveLength(0);
});

test("a wrong password gives one clear message and keeps the login, not the password", async ({ page, loginPage, user }) => {
  await loginPage.goto();
  await loginPage.signIn(user.login, "wrong password");
  await expect(loginPage.alert).toHaveText("Wrong login or password.");
  await expect(loginPage.login).toHaveValue(user.login);
  await expect(loginPage.password).toHaveValue("");
  await loginPage.signIn("no-such-user", "wrong password");
  await expect(loginPage.alert).toHaveText("Wrong login or password.");
  expect(await page.content()).not.toContain("wrong password");
});

test("a protected page sends you to sign in and back", async ({ page, loginPage, user }) => {
  await page.goto("/settings/security?tab=1");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Fsecurity%3Ftab%3D1/);
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/settings\/security\?tab=1$/);
});

test("deleting the session row ends the browser's session on its next request", async ({ page, loginPage, user }) => {
  await loginPage.goto();
  await loginPage.signIn(user.login, user.password);
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
  sql("DELETE FROM AuthToken WHERE userId = (SELECT id FROM User WHERE login = ?)", user.login);
  await page.reload();
  await expect(page).toHaveURL(/\/login\?next=%2F/);
});

test("bad input on the login form never breaks the page", async ({ page, loginPage }) => {
  await loginPage.goto();
  for (const [login, password] of [
    ["", ""],
    ["x".repeat(1_000_000), "y"],
    ["ad\u0000min", "pw\u0007"],
  ] as const) {
    await loginPage.login.fill(login);
    await loginPage.password.fill(password);
    await loginPage.submit.click();
    await expect(loginPage.alert).toBeVisible();
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }
});

test("the open-redirect guard keeps sign-in on this site", async ({ page, loginPage, user }) => {
  await page.goto("/login?next=//evil.example/steal");
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/localhost:\d+\/$/);
});
