// Threat: the sign-in in front of other apps can be skipped or outlives sign-out — an app reached without the second factor, a sign-in that does not carry over safely, a session that still opens apps after signing out.
import type { BrowserContext, Page } from "@playwright/test";
import { expect, recordedTest as test } from "../fixtures";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";
import { totp } from "../support/otp";
import { hasNginx, startStack, type Stack } from "./stack";

// Ports after the two e2e servers' (E2E_PORT_BASE, default 3211): base + 20 … + 24 over http, + 25 … + 29 over https.
const base = Number(process.env.E2E_PORT_BASE ?? 3211) + 20;

test.skip(!hasNginx, "nginx is not installed (apt-get install nginx): forward-auth browser flow skipped");
test.use({
  // The https stack's certificate is the test's own.
  ignoreHTTPSErrors: true,
  launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP *.gatehouse.test 127.0.0.1"] },
});

/** Password + TOTP at Gatehouse → the original URL; a second app without signing in again; sign-out → asked again; a foreign rd ignored. */
async function signInOnce(page: Page, stack: Stack): Promise<void> {
  const { auth: AUTH, echo: ECHO, wiki: WIKI, user } = stack;
  // Not signed in: the app sends the browser to Gatehouse, remembering where it was going.
  await page.goto(`${ECHO}/notes/today?view=list`);
  await expect(page).toHaveURL(new RegExp(`^${AUTH}/login\\?rd=`));
  await page.getByLabel("Login name").fill(user.login);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/login\/challenge\/totp/);
  await page.getByLabel("Authentication code").fill(await totp(user.secret));
  await page.getByRole("button", { name: "Verify" }).click();

  // Back at the original URL, the app greeting the user by the name Gatehouse sent.
  await expect(page).toHaveURL(`${ECHO}/notes/today?view=list`);
  await expect(page.getByRole("heading", { name: `Hello ${user.displayName}` })).toBeVisible();
  await expect(page.locator("#headers")).toContainText(`"remote-user":"${user.login}"`);

  // A second app: no second sign-in (the cookie covers *.gatehouse.test).
  await page.goto(`${WIKI}/`);
  await expect(page).toHaveURL(`${WIKI}/`);
  await expect(page.getByRole("heading", { name: `Hello ${user.displayName}` })).toBeVisible();

  // Sign out at Gatehouse: the next visit to either app asks again.
  await page.goto(`${AUTH}/`);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  for (const app of [ECHO, WIKI]) {
    await page.goto(`${app}/`);
    await expect(page).toHaveURL(new RegExp(`^${AUTH}/login\\?rd=`));
  }

  // An rd outside the protected apps is ignored after signing in (no open redirect).
  await page.goto(`${AUTH}/login?rd=${encodeURIComponent("https://evil.example/")}`);
  await page.getByLabel("Login name").fill(user.login);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByLabel("Authentication code").fill(await totp(user.secret, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(`${AUTH}/`);
}

for (const scheme of ["http", "https"] as const) {
  test.describe(`over ${scheme}`, () => {
    let stack: Stack;
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      stack = await startStack(scheme, scheme === "http" ? base : base + 5, scheme);
    });
    test.afterAll(async () => stack?.stop());

    test("visit an app → Gatehouse sign-in with password + TOTP → back at the original URL; a second app without signing in again; sign-out → asked again", async ({
      page,
      context,
    }) => {
      await signInOnce(page, stack);
      if (scheme === "https") await expectSubdomainCookie(context);
    });
  });
}

/** Under https with COOKIE_DOMAIN the session cookie is `__Secure-` (a `__Host-` cookie cannot have a Domain), Secure, HttpOnly, for *.gatehouse.test. */
async function expectSubdomainCookie(context: BrowserContext): Promise<void> {
  const cookies = await context.cookies("https://wiki.gatehouse.test/");
  const session = cookies.find((c) => c.name.endsWith("gatehouse-session"));
  expect(session).toMatchObject({ name: "__Secure-gatehouse-session", domain: ".gatehouse.test", secure: true, httpOnly: true, sameSite: "Lax" });
  expect(cookies.filter((c) => c.name.startsWith("__Host-") && c.name.includes("session"))).toEqual([]);
}
