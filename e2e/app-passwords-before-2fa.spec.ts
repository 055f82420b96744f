// Threat: an app password made before 2FA was on keeps working behind the second factor, and nobody is told.
import { expect, test } from "./fixtures";
import { TwoFactorPage } from "./pages/two-factor-page";
import { recordSecret } from "./support/secrets";

test("turning on a second factor offers, on the same page, to revoke the app passwords made before it", async ({ page, loginPage, user, request }) => {
  // A client exchanged the login password for an app password while that still worked.
  const basic = `Basic ${Buffer.from(`${user.login}:${user.password}`).toString("base64")}`;
  const made = await request.post("/api/v1/app-password", { headers: { authorization: basic }, data: { name: "Old sync client" } });
  expect(made.status()).toBe(201);
  const appPassword = recordSecret("app password", ((await made.json()) as { appPassword: string }).appPassword);

  const security = new TwoFactorPage(page);
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  const offer = page.getByRole("form", { name: "App passwords made before two-factor authentication" });
  await expect(page.getByRole("heading", { name: "Security", exact: true })).toBeVisible();
  await expect(offer).toHaveCount(0); // no factor yet: nothing to offer

  await security.enrolTotp();
  await expect(offer).toContainText("You have 1 app password made before two-factor authentication was on.");
  await offer.getByRole("button", { name: "Revoke 1 app password" }).click();
  await expect(page.getByText("Revoked 1 app password.")).toBeVisible();

  const refused = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${appPassword}` } });
  expect(refused.status()).toBe(401);
  await page.reload();
  await expect(offer).toHaveCount(0);
});
