import { expect, recordedTest as test } from "./fixtures";

test("a fresh instance shows set-up, creates the first admin once, then /setup is gone", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();

  // Bad input: a clear message on the form, nothing created.
  await page.getByLabel("Login name").fill("\u0430dmin");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("That is not a valid login name", { exact: false })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveValue("");

  await page.getByLabel("Login name").fill("Admin");
  await page.getByLabel("Display name").fill("The Admin");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Login name")).toHaveValue("Admin");

  // A common password: refused with the reason, at the field.
  await expect(page.getByLabel("Password")).toHaveValue(""); // the form has reset after the last answer
  await page.getByLabel("Password").fill("Password2024!");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/This password is too common/);
  await expect(page.getByLabel("Password")).toHaveValue("");

  await page.getByLabel("Password").fill("a very long admin password");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText("Admin");

  const response = await page.goto("/setup");
  expect(response?.status()).toBe(404);
});
