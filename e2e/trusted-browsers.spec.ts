// Issue #19 in a real browser: "Don't ask again on this browser" skips only the second factor, only for its own account, until revoked or the
// password changes; the preferred factor opens first; a new sign-in approved from a signed-in browser by number matching; a sign-in from a
// new browser at a new address is e-mailed once.
import { randomBytes } from "node:crypto";
import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { TwoFactorPage } from "./pages/two-factor-page";
import { cli, createUser, sql, type TestUser } from "./support/gatehouse";
import { hotp, totp } from "./support/otp";
import { startSmtpFake, type SmtpFake } from "../test/fakes/smtp";

const signedIn = (page: Page) => page.getByTestId("signed-in-login");
const signOut = (page: Page) => page.getByRole("button", { name: "Sign out", exact: true }).click();
const address = () => `198.19.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
/** The value a description list in `scope` gives for `term` ("IP address", "Last used", …). */
const fact = (scope: Locator, term: string) =>
  scope
    .locator("dl > div")
    .filter({ has: scope.page().getByRole("term").filter({ hasText: term }) })
    .getByRole("definition");
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

/** Signs in with the password, enrols TOTP in settings and signs out; returns the TOTP secret. */
async function withTotp(page: Page, user: TestUser): Promise<string> {
  const loginPage = new LoginPage(page);
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  const secret = await new TwoFactorPage(page).enrolTotp();
  await signOut(page);
  return secret;
}

/** Password, then the TOTP code `offset` steps ahead, ticking "Don't ask again" when `trust`. */
async function signInWithTotp(page: Page, user: TestUser, secret: string, offset: number, trust: boolean) {
  await new LoginPage(page).signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/login\/challenge\/totp/);
  await page.getByLabel("Authentication code").fill(await totp(secret, offset));
  if (trust) await page.getByLabel("Don't ask again on this browser for 30 days").check();
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(signedIn(page)).toHaveText(user.login);
}

async function newBrowser(browser: Browser, options: { userAgent?: string; javaScriptEnabled?: boolean } = {}) {
  const ip = address();
  const context = await browser.newContext({ ...options, extraHTTPHeaders: { "x-forwarded-for": ip } });
  return { context, page: await context.newPage(), ip };
}

test("a trusted browser asks only the password, never skipping it; it is listed with its address, since and last used; stopping trust brings the second factor back", async ({
  page,
  loginPage,
  user,
  extraHTTPHeaders,
}) => {
  const secret = await withTotp(page, user);
  await loginPage.goto();
  await signInWithTotp(page, user, secret, 1, true);
  const cookie = (await page.context().cookies()).find((c) => c.name === "gatehouse-trust");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(sql<{ hash: string }>("SELECT t.hash FROM TrustedBrowser t JOIN User u ON u.id = t.userId WHERE u.login = ?", user.login)).toEqual([
    { hash: expect.not.stringContaining(cookie!.value) },
  ]);
  // Trusted three days ago, not used since: the password-only sign-in below must move "last used", not "since".
  const trustedAt = Date.now() - 3 * 24 * 3600_000;
  sql("UPDATE TrustedBrowser SET createdAt = ?, lastUsedAt = ? WHERE userId = (SELECT id FROM User WHERE login = ?)", trustedAt, trustedAt, user.login);

  await signOut(page);
  await loginPage.signIn(user.login, "not the password");
  await expect(loginPage.alert).toHaveText("Wrong login or password.");
  await loginPage.signIn(user.login, user.password);
  await expect(signedIn(page)).toHaveText(user.login);

  // Listed under devices; "Stop trusting" ends it.
  await page.goto("/settings/security");
  const row = page.getByRole("list", { name: "Trusted browsers" }).getByRole("listitem");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("This browser");
  await expect(row).toHaveAccessibleName("Chrome on Windows"); // Playwright's "Desktop Chrome"
  await expect(fact(row, "IP address")).toHaveText(extraHTTPHeaders!["x-forwarded-for"]!);
  await expect(fact(row, "Trusted since")).toHaveText("3 days ago");
  await expect(fact(row, "Trusted since").locator("time")).toHaveAttribute("datetime", new Date(trustedAt).toISOString());
  await expect(fact(row, "Last used")).toHaveText("just now");
  await row.getByRole("button", { name: /^Stop trusting/ }).click();
  await expect(page.getByText("No trusted browsers.")).toBeVisible();
  await signOut(page);
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/login\/challenge\/totp/);
});

test("a password change forgets every trusted browser", async ({ page, loginPage, user }) => {
  const secret = await withTotp(page, user);
  await loginPage.goto();
  await signInWithTotp(page, user, secret, 1, true);
  await page.goto("/settings/security");
  await expect(page.getByRole("list", { name: "Trusted browsers" }).getByRole("listitem")).toHaveCount(1);
  const next = `pw-${randomBytes(9).toString("base64url")}`;
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(user.password);
  await form.getByLabel("New password").fill(next);
  await form.getByLabel("Repeat the password").fill(next);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("No trusted browsers.")).toBeVisible();
  await signOut(page);
  await loginPage.signIn(user.login, next);
  await expect(page).toHaveURL(/\/login\/challenge\/totp/);
});

test("a trust cookie copied into another account's sign-in is useless; the admin's revoke ends the owner's", async ({ page, loginPage, user, browser }) => {
  const secret = await withTotp(page, user);
  await loginPage.goto();
  await signInWithTotp(page, user, secret, 1, true);
  const stolen = (await page.context().cookies()).find((c) => c.name === "gatehouse-trust")!;

  const victim = createUser();
  const other = await newBrowser(browser);
  await withTotp(other.page, victim);
  await other.context.addCookies([{ name: stolen.name, value: stolen.value, url: page.url() }]);
  await other.page.goto("/login");
  await new LoginPage(other.page).signIn(victim.login, victim.password);
  await expect(other.page).toHaveURL(/\/login\/challenge\/totp/);
  await other.context.close();

  cli(["twofactorauth:trusted:revoke", user.login]);
  await signOut(page);
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/login\/challenge\/totp/);
});

test("the factor marked preferred opens first; 'Try another way' lists the others and backup codes stay a click away", async ({ page, loginPage, user }) => {
  const key = randomBytes(20).toString("hex");
  const secret = await withTotp(page, user);
  await loginPage.goto();
  await signInWithTotp(page, user, secret, 1, false);
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Set up Hardware key (HOTP)" }).click();
  await page.getByLabel("Secret key").fill(key);
  await page.getByLabel("Code from the key").fill(await hotp(key, 0));
  await page.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(page.getByRole("heading", { name: /^Hardware key \(HOTP\)/ })).toContainText("On");
  await new TwoFactorPage(page).generateBackupCodes.click();
  await page.getByRole("button", { name: "I have saved them" }).click();

  // Used last: the authenticator app. Marked: the key — it opens first.
  await page.getByLabel("Preferred way in").selectOption({ label: "Hardware key (HOTP)" });
  await page.getByRole("button", { name: "Save preference" }).click();
  await expect(page.getByText("Saved: sign-in opens with it first.")).toBeVisible();
  await signOut(page);
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/login\/challenge\/hotp/);
  await expect(page.getByRole("link", { name: "Use a backup code" })).toBeVisible();
  await page.getByRole("link", { name: "Try another way" }).click();
  await expect(page.getByRole("link", { name: /Authenticator app/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Backup code/ })).toBeVisible();
});

test.describe("new-sign-in alerts", () => {
  let smtp: SmtpFake;
  test.beforeAll(async () => {
    smtp = await startSmtpFake();
    cli(["gateway:configure", "email", "--smtp-url", smtp.url(), "--from", "Gatehouse <gatehouse@example.test>", "--no-check"]);
  });
  test.afterAll(async () => {
    cli(["gateway:remove", "email"]);
    await smtp.close();
  });

  test("a sign-in from a new browser at a new address is e-mailed once, with the devices list's address; a known one is not", async ({
    page,
    loginPage,
    user,
    browser,
  }) => {
    const mailbox = `${user.login}@example.test`;
    sql("UPDATE User SET email = ? WHERE login = ?", mailbox, user.login);
    const mails = () => smtp.mails.filter((m) => m.to.includes(mailbox) && /New sign-in/.test(m.subject));
    await loginPage.goto();
    await loginPage.signIn(user.login, user.password); // the first: nothing to compare with
    await expect(signedIn(page)).toHaveText(user.login);
    await signOut(page);
    await loginPage.signIn(user.login, user.password); // the same browser and address
    await expect(signedIn(page)).toHaveText(user.login);

    const stranger = await newBrowser(browser, { userAgent: FIREFOX });
    for (let i = 0; i < 2; i++) {
      await stranger.page.goto("/login");
      await new LoginPage(stranger.page).signIn(user.login, user.password);
      await expect(signedIn(stranger.page)).toHaveText(user.login);
      await signOut(stranger.page);
    }
    await stranger.context.close();
    await expect.poll(() => mails().length).toBe(1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(mails()).toHaveLength(1);
    expect(mails()[0]!.subject).toContain("New sign-in from Firefox on Linux");
    expect(mails()[0]!.text).toMatch(/settings\/security(#devices)?|Security page/);
  });
});

/** `page` (the phone) signed in with TOTP and approval from a signed-in device turned on; it stays signed in. */
async function phoneWithApproval(page: Page, user: TestUser): Promise<void> {
  const secret = await withTotp(page, user);
  await new LoginPage(page).goto();
  await signInWithTotp(page, user, secret, 1, false);
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Turn on approval" }).click();
  await expect(page.getByRole("heading", { name: /^Approve on a signed-in device/ })).toContainText("On");
}

/** A new browser (the laptop): password, then "Try another way" → approval → "Ask for approval"; returns it and the number it shows. */
async function laptopAsking(browser: Browser, user: TestUser, options: { javaScriptEnabled?: boolean; userAgent?: string } = {}) {
  const laptop = await newBrowser(browser, options);
  await laptop.page.goto("/login");
  await new LoginPage(laptop.page).signIn(user.login, user.password);
  await expect(laptop.page).toHaveURL(/\/login\/challenge\/totp/);
  await laptop.page.getByRole("link", { name: "Try another way" }).click();
  await laptop.page.getByRole("link", { name: /^Approve on a signed-in device/ }).click();
  await laptop.page.getByRole("button", { name: "Ask for approval" }).click();
  const number = (await laptop.page.getByLabel("Your number").textContent())!.trim();
  expect(number).toMatch(/^[1-9][0-9]$/);
  return { ...laptop, number };
}

test.describe("approval from a signed-in device", () => {
  test("the right number on the signed-in browser signs the new one in, which learns it without a reload", async ({ page, user, browser }) => {
    await phoneWithApproval(page, user);
    const before = Date.now();
    const laptop = await laptopAsking(browser, user, { userAgent: FIREFOX });
    const [row] = sql<{ createdAt: string }>("SELECT createdAt FROM ApprovalRequest WHERE userId = (SELECT id FROM User WHERE login = ?)", user.login);
    const asked = new Date(row!.createdAt);
    expect(asked.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(asked.getTime()).toBeLessThanOrEqual(Date.now());
    await page.goto("/settings/security");
    await page.getByRole("link", { name: "Is this you?" }).click();
    // The new sign-in's browser, address and time.
    const request = page.getByRole("region", { name: "Sign-in from Firefox on Linux" });
    await expect(request).toBeVisible();
    await expect(fact(request, "Address")).toHaveText(laptop.ip);
    await expect(fact(request, "Time")).toHaveText(`${asked.toISOString().replace("T", " ").slice(0, 19)} UTC`);
    const choices = page.getByRole("main").getByRole("button", { name: /^[1-9][0-9]$/ });
    await expect(choices).toHaveCount(3);
    await page.getByRole("button", { name: laptop.number, exact: true }).click();
    await expect(page.getByText("Approved: the new sign-in continues.")).toBeVisible();
    await expect(signedIn(laptop.page)).toHaveText(user.login);
    await laptop.context.close();
  });

  test("a wrong number refuses the sign-in; the waiting page says so by itself", async ({ page, user, browser }) => {
    await phoneWithApproval(page, user);
    const laptop = await laptopAsking(browser, user);
    await page.goto("/settings/security/approve");
    const wrong = (
      await page
        .getByRole("main")
        .getByRole("button", { name: /^[1-9][0-9]$/ })
        .allTextContents()
    )
      .map((t) => t.trim())
      .find((n) => n !== laptop.number)!;
    await page.getByRole("button", { name: wrong, exact: true }).click();
    await expect(page.getByText("That was not the number shown: the sign-in was refused.")).toBeVisible();
    await expect(laptop.page.getByText("The sign-in was refused on your signed-in device.")).toBeVisible();
    await expect(signedIn(laptop.page)).toHaveCount(0);
    await laptop.context.close();
  });

  test("'No, it's not me' then 'Secure my account' ends the waiting sign-in", async ({ page, user, browser }) => {
    await phoneWithApproval(page, user);
    const laptop = await laptopAsking(browser, user);
    await page.goto("/settings/security/approve");
    await page.getByRole("button", { name: "No, it's not me" }).click();
    await page.getByRole("button", { name: "Secure my account" }).click();
    await expect(page.getByText("That sign-in was stopped.", { exact: false })).toBeVisible();
    await expect(laptop.page).toHaveURL(/\/login(\?|$)/);
    await laptop.context.close();
  });

  test("without JavaScript: 'Check' says it is not answered yet, and signs in once approved", async ({ page, user, browser }) => {
    await phoneWithApproval(page, user);
    const laptop = await laptopAsking(browser, user, { javaScriptEnabled: false });
    await laptop.page.getByRole("button", { name: "Check" }).click();
    await expect(laptop.page.getByText("Not answered yet", { exact: false })).toBeVisible();
    await page.goto("/settings/security/approve");
    await page.getByRole("button", { name: laptop.number, exact: true }).click();
    await expect(page.getByText("Approved: the new sign-in continues.")).toBeVisible();
    await laptop.page.getByRole("button", { name: "Check" }).click();
    await expect(signedIn(laptop.page)).toHaveText(user.login);
    await laptop.context.close();
  });

  test("an expired request can be neither answered nor used", async ({ page, user, browser }) => {
    await phoneWithApproval(page, user);
    const laptop = await laptopAsking(browser, user, { javaScriptEnabled: false });
    sql("UPDATE ApprovalRequest SET expiresAt = ? WHERE userId = (SELECT id FROM User WHERE login = ?)", Date.now() - 1000, user.login);
    await page.goto("/settings/security/approve");
    await expect(page.getByText("No sign-in is waiting for your approval.")).toBeVisible();
    await laptop.page.getByRole("button", { name: "Check" }).click();
    await expect(laptop.page.getByText(/The request expired/).first()).toBeVisible();
    await expect(signedIn(laptop.page)).toHaveCount(0);
    await laptop.context.close();
  });
});
