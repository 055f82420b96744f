// Threat: a form posted without JavaScript hangs the server — React re-renders a form whose action was bound in the component for ever (vercel/next.js#57867) — so one request from any user who can reach the form takes a core until restart.
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { TwoFactorPage } from "./pages/two-factor-page";
import { createUser } from "./support/gatehouse";
import { totp } from "./support/otp";

test("the second-factor form works without JavaScript: a wrong code is answered, the right one signs in", async ({ browser, page, loginPage, user }) => {
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  const secret = await new TwoFactorPage(page).enrolTotp();

  const context = await browser.newContext({
    javaScriptEnabled: false,
    extraHTTPHeaders: { "x-forwarded-for": `198.18.251.${1 + Math.floor(Math.random() * 254)}` },
  });
  try {
    const noScript = await context.newPage();
    const login = new LoginPage(noScript);
    await login.goto();
    await login.signIn(user.login, user.password);
    await expect(noScript).toHaveURL(/\/login\/challenge\/totp/);

    // The form's action is bound to the provider: posted without JavaScript, the answer is the page with the form's state.
    await noScript.getByLabel("Authentication code").fill("000000");
    const answered = noScript.waitForResponse((r) => r.request().method() === "POST", { timeout: 15_000 });
    await noScript.getByRole("button", { name: "Verify" }).click();
    expect((await answered).status()).toBe(200);
    await expect(noScript.getByText(/That code is not right\. 4 attempts left\./)).toBeVisible();

    // The next step's code: enrolment used this one (each is accepted once).
    await noScript.getByLabel("Authentication code").fill(await totp(secret, 1));
    await noScript.getByRole("button", { name: "Verify" }).click();
    await expect(noScript.getByTestId("signed-in-login")).toHaveText(user.login);
  } finally {
    await context.close();
  }
});

test("the admin's account forms work without JavaScript", async ({ browser }) => {
  const admin = createUser({ admin: true });
  const target = createUser();
  const context = await browser.newContext({
    javaScriptEnabled: false,
    extraHTTPHeaders: { "x-forwarded-for": `198.18.252.${1 + Math.floor(Math.random() * 254)}` },
  });
  try {
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.goto(`/admin/security/users/${target.login}`);
    await login.signIn(admin.login, admin.password);
    await expect(page).toHaveURL(new RegExp(`/admin/security/users/${target.login}$`));

    // Reset password with a too-short one: refused, and the page comes back with the message.
    await page.getByLabel("New password").fill("short");
    const answered = page.waitForResponse((r) => r.request().method() === "POST", { timeout: 15_000 });
    await page.getByRole("button", { name: "Reset password" }).click();
    expect((await answered).status()).toBe(200);
    await expect(page.getByRole("alert").filter({ hasText: /at least \d+ characters/ })).toBeVisible();

    // A button whose action its parent bound (ActionButton in AccountForms).
    await page.getByRole("button", { name: "Make administrator" }).click();
    await expect(page.getByText(`${target.login} is now an administrator.`)).toBeVisible();
  } finally {
    await context.close();
  }
});
