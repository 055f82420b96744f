import { devices, type Browser, type BrowserContext } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { SecurityPage } from "./pages/security-page";
import { E2E_SERVERS } from "./support/servers";
import { sql, type TestUser } from "./support/gatehouse";
import { recordSecret } from "./support/secrets";

const baseURL = E2E_SERVERS.main.url;
const APP_PASSWORD = /^([2-9A-HJ-NP-Za-km-np-z]{5}-){4}[2-9A-HJ-NP-Za-km-np-z]{5}$/;

/** A browser of its own (cookies and all), signed in as `user`, on the security page. */
async function signedIn(browser: Browser, user: TestUser, device: keyof typeof devices, options: { clipboard?: boolean } = {}) {
  const context = await browser.newContext({
    ...devices[device],
    baseURL,
    ...(options.clipboard ? { permissions: ["clipboard-read", "clipboard-write"] } : {}),
  });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto("/settings/security");
  await login.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/settings\/security$/);
  return { context, page, security: new SecurityPage(page) };
}

function decodeQr(dataUrl: string): string | null {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64"));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

test("the laptop sees the phone's session, revokes it, and the phone's next request is refused", async ({ browser, user }) => {
  const phone = await signedIn(browser, user, "Pixel 7");
  const laptop = await signedIn(browser, user, "Desktop Chrome");
  contexts.push(phone.context, laptop.context);

  await laptop.security.goto();
  await expect(laptop.security.sessions).toHaveCount(2);
  await expect(laptop.security.thisDevice).toHaveCount(1);
  await expect(laptop.security.thisDevice).toContainText("Chrome on Windows");
  const phoneRow = laptop.security.device("Chrome on Android");
  await expect(phoneRow).toContainText("Browser session");
  await expect(phoneRow).not.toContainText("This device");
  await expect(phoneRow.locator("time").first()).toHaveAttribute("title", /UTC$/);

  await laptop.security.revokeButton("Chrome on Android").click();
  await expect(phoneRow).toHaveCount(0);
  await expect(laptop.security.sessions).toHaveCount(1);

  // The phone still shows the page it had; its next server action is refused…
  await phone.security.createAppPassword("Should not exist");
  await expect(phone.security.formAlert).toHaveText("Sign in to continue.");
  // …and its next navigation lands on the login page.
  await phone.page.reload();
  await expect(phone.page).toHaveURL(/\/login\?next=%2Fsettings%2Fsecurity/);
  expect(sql("SELECT id FROM AuthToken WHERE name = 'Should not exist'")).toHaveLength(0);
});

test("'sign out all other sessions' ends every other browser, not this one", async ({ browser, user }) => {
  const phone = await signedIn(browser, user, "Pixel 7");
  const tablet = await signedIn(browser, user, "iPad Mini");
  const laptop = await signedIn(browser, user, "Desktop Chrome");
  contexts.push(phone.context, tablet.context, laptop.context);
  await laptop.security.goto();
  await expect(laptop.security.sessions).toHaveCount(3);
  await laptop.security.signOutOthers.click();
  await expect(laptop.page.getByText("Signed out 2 other sessions.")).toBeVisible();
  await expect(laptop.security.sessions).toHaveCount(1);
  for (const other of [phone, tablet]) {
    await other.page.goto("/");
    await expect(other.page).toHaveURL(/\/login/);
  }
  await laptop.page.reload();
  await expect(laptop.security.thisDevice).toHaveCount(1);
});

test("an app password: confirm it's you, shown once with copy and QR, works on the API, renamed, revoked → 401", async ({ browser, user, request }) => {
  const laptop = await signedIn(browser, user, "Desktop Chrome", { clipboard: true });
  contexts.push(laptop.context);
  const { security, page } = laptop;
  // The sign-in was more than 15 minutes ago, as far as sudo mode knows.
  sql("UPDATE AuthToken SET reauthAt = NULL WHERE userId = (SELECT id FROM User WHERE login = ?)", user.login);

  await security.createAppPassword("DAVx⁵ on my phone");
  await expect(security.confirmDialog).toBeVisible();
  await security.confirmPassword.fill("wrong password");
  await security.confirm.click();
  await expect(security.confirmDialog.getByRole("alert")).toHaveText("Wrong password.");
  await security.confirmPassword.fill(user.password);
  await security.confirm.click();

  await expect(security.reveal).toBeVisible();
  await expect(security.revealLogin).toHaveValue(user.login);
  const password = recordSecret("app password", await security.revealPassword.inputValue());
  expect(password).toMatch(APP_PASSWORD);

  await security.copyPassword.click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password);
  const qr = decodeQr((await security.qrCode.getAttribute("src")) ?? "");
  expect(qr).toBe(`gatehouse://login/user:${user.login}&password:${password}&server:${baseURL}`);

  const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${password}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
  const basic = Buffer.from(`${user.login}:${password}`).toString("base64");
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Basic ${basic}` } })).status()).toBe(200);

  // Closing hides it for good: not in the page, not after a reload.
  await security.done.click();
  await expect(security.reveal).toHaveCount(0);
  expect(await page.content()).not.toContain(password);
  await page.reload();
  expect(await page.content()).not.toContain(password);

  const row = security.device("DAVx⁵ on my phone");
  await expect(row).toContainText("App password");
  // The address the client used (each e2e test browses from its own forwarded address).
  await expect(row).toContainText(/198\.18\.\d+\.\d+/);

  await security.rename("DAVx⁵ on my phone", "DAVx⁵ on my tablet");
  await expect(security.device("DAVx⁵ on my tablet")).toBeVisible();

  await security.revokeButton("DAVx⁵ on my tablet").click();
  await expect(security.revokeDialog).toBeVisible();
  await security.confirmRevoke.click();
  await expect(security.device("DAVx⁵ on my tablet")).toHaveCount(0);
  await expect(security.appPasswords).toHaveCount(0);

  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${password}` } })).status()).toBe(401);
});

test("an app password is refused by the browser login form, with a message that says why", async ({ browser, page, loginPage, user }) => {
  const laptop = await signedIn(browser, user, "Desktop Chrome");
  contexts.push(laptop.context);
  await laptop.security.createAppPassword("Thunderbird", { readOnly: true });
  const password = recordSecret("app password", await laptop.security.revealPassword.inputValue());
  await laptop.security.done.click();
  await expect(laptop.security.device("Thunderbird")).toContainText("Read-only");

  await loginPage.goto();
  await loginPage.signIn(user.login, password);
  await expect(loginPage.alert).toContainText("That is an app password");
  await expect(page).toHaveURL(/\/login/);
});

test("bad input in the app-password and rename forms gets a message, never an error page", async ({ browser, user }) => {
  const laptop = await signedIn(browser, user, "Desktop Chrome");
  contexts.push(laptop.context);
  const { security, page } = laptop;
  await security.createAppPassword("n".repeat(10_000));
  await expect(security.createForm.getByText("Name is too long (at most 100 characters).")).toBeVisible();
  await security.createAppPassword("   ");
  await expect(security.createForm.getByText("Name is required.")).toBeVisible();
  expect(sql("SELECT id FROM AuthToken WHERE type = 'app_password' AND userId = (SELECT id FROM User WHERE login = ?)", user.login)).toHaveLength(0);

  await security.createAppPassword("Phone");
  await security.done.click();
  await security.rename("Phone", "x".repeat(10_000));
  await expect(page.getByText("Name is too long (at most 100 characters).")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Devices & sessions" })).toBeVisible();
  expect(
    sql<{ name: string }>("SELECT name FROM AuthToken WHERE type = 'app_password' AND userId = (SELECT id FROM User WHERE login = ?)", user.login),
  ).toEqual([{ name: "Phone" }]);
});

test("changing the password ends the other sessions and app passwords, and keeps this browser signed in", async ({ browser, user, request }) => {
  const phone = await signedIn(browser, user, "Pixel 7");
  const laptop = await signedIn(browser, user, "Desktop Chrome");
  contexts.push(phone.context, laptop.context);
  const { security, page } = laptop;
  await security.createAppPassword("Sync");
  const appPassword = recordSecret("app password", await security.revealPassword.inputValue());
  await security.done.click();
  const before = sql<{ id: number }>("SELECT id FROM AuthToken WHERE type = 'session' AND userId = (SELECT id FROM User WHERE login = ?)", user.login);
  expect(before).toHaveLength(2);

  await security.changePasswordTo("wrong current password", "a brand new passphrase");
  await expect(security.passwordForm.getByText("Your current password is wrong.")).toBeVisible();

  // Built from the product's name: refused with the reason, at the field.
  await expect(security.newPassword).toHaveValue(""); // the form has reset after the last answer
  await security.changePasswordTo(user.password, "Gatehouse!2024");
  await expect(security.newPassword).toHaveAccessibleDescription(/Don't build the password around "Gatehouse"/);

  const newPassword = "a brand new passphrase";
  await security.changePasswordTo(user.password, newPassword);
  await expect(security.passwordForm.getByRole("status")).toContainText("Password changed");
  await expect(security.sessions).toHaveCount(1);
  await expect(security.thisDevice).toHaveCount(1);
  await expect(security.appPasswords).toHaveCount(0);

  // A fresh session row: none of the old ones survive.
  const after = sql<{ id: number }>("SELECT id FROM AuthToken WHERE type = 'session' AND userId = (SELECT id FROM User WHERE login = ?)", user.login);
  expect(after).toHaveLength(1);
  expect(before.map((r) => r.id)).not.toContain(after[0]!.id);

  await page.reload();
  await expect(security.thisDevice).toHaveCount(1);
  await phone.page.goto("/settings/security");
  await expect(phone.page).toHaveURL(/\/login/);
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${appPassword}` } })).status()).toBe(401);
  const basic = Buffer.from(`${user.login}:${newPassword}`).toString("base64");
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Basic ${basic}` } })).status()).toBe(200);
});
