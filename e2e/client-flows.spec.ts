// Threat: a client is handed an app password the user did not knowingly grant — a phished Login Flow link or device code approved without seeing who asks, from where, or without the second factor and sudo.
import { spawn } from "node:child_process";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { TwoFactorPage } from "./pages/two-factor-page";
import { sql } from "./support/gatehouse";
import { decodeQr, totp } from "./support/otp";
import { E2E_SERVERS, ROOT } from "./support/servers";

/** The reference client (examples/connect-client.mjs) as a user would run it, from its own address. */
function runClient(flow: "login-flow" | "device", name: string, address: string) {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "examples/connect-client.mjs"), flow, E2E_SERVERS.main.url, "--name", name, "--header", `X-Forwarded-For: ${address}`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout, stderr })),
  );
  const said = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (let i = 0; i < 100; i++) {
      const match = stderr.match(pattern);
      if (match) return match;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the client never said ${pattern}: ${stderr}`);
  };
  return { said, exited, kill: () => child.kill() };
}

const address = () => `203.0.113.${1 + Math.floor(Math.random() * 254)}`;

async function enrolTotp(page: Page): Promise<string> {
  const security = new TwoFactorPage(page);
  await security.setUpTotp.click();
  const secret = (await security.setupKey.textContent())!.replace(/\s/g, "");
  await security.totpCode.fill(await totp(secret));
  await security.verifyTotp.click();
  await expect(security.providerState("Authenticator app")).toContainText("On");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  return secret;
}

test("Login Flow v2 with a TOTP user: the page names the client, its address and match code, warns of the other address, asks for sudo, and the client collects its app password once", async ({
  page,
  loginPage,
  user,
}) => {
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/settings\/security$/);
  const secret = await enrolTotp(page);

  const clientAddress = address();
  const client = runClient("login-flow", "E2E sync client", clientAddress);
  try {
    const login = (await client.said(/Open this address in a browser and sign in: (\S+)/))[1]!;
    const matchCode = (await client.said(/Match code: (\d{3} \d{3})/))[1]!;
    expect(new URL(login).pathname).toMatch(/^\/connect\/[A-Za-z0-9_-]{43}$/);

    // Opening the link signs in first, with the second factor, and comes back.
    await page.goto(login);
    await expect(page).toHaveURL(/\/login\?next=/);
    await new LoginPage(page).signIn(user.login, user.password);
    await expect(page).toHaveURL(/\/login\/challenge\/totp/);
    await page.getByLabel("Authentication code").fill(await totp(secret, 1));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(new URL(login).pathname);

    await expect(page.getByTestId("grant-client")).toHaveText("E2E sync client");
    await expect(page.getByTestId("grant-ip")).toHaveText(clientAddress);
    await expect(page.getByTestId("grant-match-code")).toHaveText(matchCode);
    await expect(page.getByRole("alert").filter({ hasText: "different address" })).toBeVisible();

    // Sudo gone stale: granting asks for the password first.
    sql("UPDATE AuthToken SET reauthAt = ? WHERE userId = (SELECT id FROM User WHERE login = ?) AND type = 'session'", Date.now() - 60 * 60_000, user.login);
    await page.getByLabel("Name of the app password").fill("Laptop sync (renamed)");
    await page.getByLabel("Read-only (the app can read, not change)").check();
    await page.getByRole("button", { name: "Grant access" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
    await dialog.getByLabel("Your password").fill(user.password);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByTestId("grant-outcome")).toContainText("Access granted");

    const done = await client.exited;
    expect(done.code, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout) as {
      loginName: string;
      appPassword: string;
      me: { user: { login: string }; auth: { type: string; tokenId: number } };
    };
    expect(result.loginName).toBe(user.login);
    expect(result.me).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
    const [row] = sql<{ name: string; scope: string; ip: string }>("SELECT name, scope, ip FROM AuthToken WHERE id = ?", result.me.auth.tokenId);
    expect(row).toEqual({ name: "Laptop sync (renamed)", scope: "read_only", ip: clientAddress });

    // Answered: the page is spent.
    await page.goto(login);
    await expect(page.getByText("This sign-in request has expired or was already answered.")).toBeVisible();
    // The devices list shows it.
    await page.goto("/settings/security");
    await expect(page.getByRole("listitem", { name: "Laptop sync (renamed)" })).toBeVisible();
  } finally {
    client.kill();
  }
});

test("device grant: a wrong code is refused, a declined device gets access_denied, a device on the same address is granted without a warning", async ({
  browser,
  user,
}) => {
  const here = address();
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": here } });
  const page = await context.newPage();
  const declined = runClient("device", "Kitchen tablet", address());
  try {
    const code = (await declined.said(/enter the code: ([A-Z]{4}-[A-Z]{4})/))[1]!;
    await page.goto("/device");
    await new LoginPage(page).signIn(user.login, user.password);
    await expect(page).toHaveURL(/\/device$/);
    await page.getByLabel("Code shown on the device").fill("BBBB-BBBB");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText("No device is waiting for that code.").first()).toBeVisible();
    await page.getByLabel("Code shown on the device").fill(code.toLowerCase());
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByTestId("grant-client")).toHaveText("Kitchen tablet");
    await expect(page.getByTestId("grant-match-code")).toHaveText(code);
    await expect(page.getByRole("alert").filter({ hasText: "different address" })).toBeVisible();
    await page.getByRole("button", { name: "Decline" }).click();
    await expect(page.getByTestId("grant-outcome")).toContainText("Declined");
    const refused = await declined.exited;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("access_denied");

    // verification_uri_complete: the code is filled in, the user still presses Continue.
    const granted = runClient("device", "Living-room TV", here);
    try {
      const complete = (await granted.said(/\(or open (\S+)\)/))[1]!;
      await page.goto(complete);
      await expect(page.getByLabel("Code shown on the device")).toHaveValue(/^[A-Z]{4}-[A-Z]{4}$/);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByTestId("grant-client")).toHaveText("Living-room TV");
      await expect(page.getByTestId("grant-ip")).toHaveText(here);
      await expect(page.getByText("different address")).toHaveCount(0);
      await page.getByRole("button", { name: "Grant access" }).click();
      await expect(page.getByTestId("grant-outcome")).toContainText("Access granted");
      const done = await granted.exited;
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout).me).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
    } finally {
      granted.kill();
    }
  } finally {
    declined.kill();
    await context.close();
  }
});

test("Connect a device: the settings page shows a QR code, follows the phone's poll live, and the phone gets its app password after review", async ({
  page,
  loginPage,
  user,
}) => {
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await page.getByRole("button", { name: "Connect a device" }).click();
  const region = page.getByRole("region", { name: "Connecting a device" });
  const uri = decodeQr((await region.getByRole("img", { name: "QR code for the app on your phone" }).getAttribute("src"))!)!;
  expect(uri).toMatch(/^gatehouse:\/\/login-flow\/token:[A-Za-z0-9_-]{43}&server:http/);
  await expect(page.getByTestId("connect-status")).toHaveText(/Waiting for the device/);

  const phoneAddress = address();
  const phone = spawn(process.execPath, [path.join(ROOT, "examples/connect-client.mjs"), "scan", uri, "--header", `X-Forwarded-For: ${phoneAddress}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  phone.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => phone.on("exit", resolve));
  try {
    await expect(page.getByTestId("connect-status")).toContainText(`from ${phoneAddress}`, { timeout: 20_000 });
    await page.getByRole("link", { name: "Review and grant access" }).click();
    await expect(page.getByTestId("grant-ip")).toHaveText(phoneAddress);
    await page.getByLabel("Name of the app password").fill("My phone (QR)");
    await page.getByRole("button", { name: "Grant access" }).click();
    await expect(page.getByTestId("grant-outcome")).toContainText("Access granted");
    expect(await exited).toBe(0);
    expect(JSON.parse(stdout).me).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
    await page.goto("/settings/security");
    await expect(page.getByRole("listitem", { name: "My phone (QR)" })).toBeVisible();
  } finally {
    phone.kill();
  }
});
