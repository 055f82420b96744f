// Threat: a client is handed an app password the user did not knowingly grant — a phished Login Flow link or device code approved without seeing who asks, from where, or without the second factor and sudo.
import { spawn } from "node:child_process";
import path from "node:path";
import { devices, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { TwoFactorPage } from "./pages/two-factor-page";
import { sql, type TestUser } from "./support/gatehouse";
import { decodeQr, totp } from "./support/otp";
import { recordSecret } from "./support/secrets";
import { E2E_SERVERS, ROOT } from "./support/servers";

/** The reference client (examples/connect-client.mjs) as a user would run it, from its own address. */
function runClient(flow: "login-flow" | "device", name: string, address: string) {
  return runReferenceClient([flow, E2E_SERVERS.main.url, "--name", name], address);
}

/** The reference client as a phone app that scanned the settings page's QR code. */
function runScan(uri: string, address: string) {
  return runReferenceClient(["scan", uri], address);
}

function runReferenceClient(args: string[], address: string) {
  const child = spawn(process.execPath, [path.join(ROOT, "examples/connect-client.mjs"), ...args, "--header", `X-Forwarded-For: ${address}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
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

/** Signs in on the login page and lands on the security settings. */
async function openSecurityPage(loginPage: LoginPage, user: TestUser) {
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(loginPage.page).toHaveURL(/\/settings\/security$/);
}

/** Opens a client's login link signed out: it signs in first, with the password and the TOTP code, and comes back to the link. */
async function signInAtLink(page: Page, login: string, user: TestUser, secret: string) {
  await page.goto(login);
  await expect(page).toHaveURL(/\/login\?next=/);
  await new LoginPage(page).signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/login\/challenge\/totp/);
  await page.getByLabel("Authentication code").fill(await totp(secret, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(new URL(login).pathname);
}

type Collected = { loginName: string; appPassword: string; me: { user: { login: string }; auth: { type: string; tokenId: number } } };

/** Waits for the client to finish: it exits with 0 and prints what it collected. */
async function collected(client: ReturnType<typeof runReferenceClient>): Promise<Collected> {
  const done = await client.exited;
  expect(done.code, done.stderr).toBe(0);
  const result = JSON.parse(done.stdout) as Collected;
  recordSecret("app password", result.appPassword);
  return result;
}

test("Login Flow v2 with a TOTP user: the page names the client, its address and match code, warns of the other address, asks for sudo, and the client collects its app password once", async ({
  page,
  loginPage,
  user,
}) => {
  await openSecurityPage(loginPage, user);
  const secret = await new TwoFactorPage(page).enrolTotp();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();

  const clientAddress = address();
  const client = runClient("login-flow", "E2E sync client", clientAddress);
  try {
    const login = (await client.said(/Open this address in a browser and sign in: (\S+)/))[1]!;
    const matchCode = (await client.said(/Match code: (\d{3} \d{3})/))[1]!;
    expect(new URL(login).pathname).toMatch(/^\/connect\/[A-Za-z0-9_-]{43}$/);

    // Opening the link signs in first, with the second factor, and comes back.
    await signInAtLink(page, login, user, secret);

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

    const result = await collected(client);
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
    const code = recordSecret("device user code", (await declined.said(/enter the code: ([A-Z]{4}-[A-Z]{4})/))[1]!);
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
      expect((await collected(granted)).me).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
    } finally {
      granted.kill();
    }
  } finally {
    declined.kill();
    await context.close();
  }
});

test("Connect a device: the settings page shows a QR code, follows the phone's poll live, and the phone gets its app password after review here", async ({
  page,
  loginPage,
  user,
}) => {
  await openSecurityPage(loginPage, user);
  const connecting = await connectDevice(page);
  await expect(page.getByTestId("connect-status")).toHaveText(/Waiting for the device/);

  const phoneAddress = address();
  const phone = runScan(connecting.uri, phoneAddress);
  try {
    await expect(page.getByTestId("connect-status")).toContainText(`from ${phoneAddress}`, { timeout: 20_000 });
    await page.getByRole("link", { name: "Review and grant access" }).click();
    await expect(page.getByTestId("grant-ip")).toHaveText(phoneAddress);
    await page.getByLabel("Name of the app password").fill("My phone (QR)");
    await page.getByRole("button", { name: "Grant access" }).click();
    await expect(page.getByTestId("grant-outcome")).toContainText("Access granted");
    expect((await collected(phone)).me).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
    await page.goto("/settings/security");
    await expect(page.getByRole("listitem", { name: "My phone (QR)" })).toBeVisible();
  } finally {
    phone.kill();
  }
});

test("Connect a phone: the phone opens the QR code's login URL in its own browser, signs in with password and TOTP and grants there; the settings page follows it to Connected without a reload; the app's password works", async ({
  browser,
  page,
  loginPage,
  user,
  request,
}) => {
  await openSecurityPage(loginPage, user);
  const secret = await new TwoFactorPage(page).enrolTotp();
  const connecting = await connectDevice(page);
  // Set once; a reload would lose it.
  await page.evaluate(() => Object.assign(window, { e2eNoReload: true }));

  const phoneAddress = address();
  const app = runScan(connecting.uri, phoneAddress);
  const phoneContext = await browser.newContext({ ...devices["Pixel 7"], extraHTTPHeaders: { "x-forwarded-for": phoneAddress } });
  try {
    const login = (await app.said(/Open this address in a browser and sign in: (\S+)/))[1]!;
    const matchCode = (await app.said(/Match code: (\d{3} \d{3})/))[1]!;
    // The login URL is this server's grant page, and the poll token stays with the app.
    expect(login).toMatch(new RegExp(`^${E2E_SERVERS.main.url}/connect/[A-Za-z0-9_-]{43}$`));
    expect(login).not.toContain(new URLSearchParams(connecting.uri.split("?")[1]).get("token"));
    await expect(page.getByTestId("connect-app")).toContainText(phoneAddress, { timeout: 20_000 });

    // The phone: its own cookies and address; signing in there asks for the second factor.
    const phone = await phoneContext.newPage();
    await signInAtLink(phone, login, user, secret);
    await expect(phone.getByTestId("grant-match-code")).toHaveText(matchCode);
    await expect(phone.getByTestId("grant-match-code")).toHaveText(connecting.matchCode);
    await expect(phone.getByTestId("grant-ip")).toHaveText(phoneAddress);
    await expect(phone.getByText("different address")).toHaveCount(0);

    // The settings page saw the phone's browser open the link.
    await expect(page.getByTestId("connect-browser")).toContainText(phoneAddress);
    await expect(page.getByTestId("connect-browser")).toContainText("Android");
    await expect(page.getByTestId("connect-status")).toContainText(`Opened on`);

    await phone.getByLabel("Name of the app password").fill("Pixel (opened from QR)");
    await phone.getByRole("button", { name: "Grant access" }).click();
    await expect(phone.getByTestId("grant-outcome")).toContainText("Access granted");

    const result = await collected(app);
    expect(result.loginName).toBe(user.login);
    await expect(page.getByTestId("connect-status")).toContainText("Connected");
    await expect(page.getByRole("listitem", { name: "Pixel (opened from QR)" })).toBeVisible();
    expect(await page.evaluate(() => "e2eNoReload" in window)).toBe(true);

    const me = await request.get("/api/v1/me", {
      headers: { authorization: `Basic ${Buffer.from(`${result.loginName}:${result.appPassword}`).toString("base64")}`, "x-forwarded-for": phoneAddress },
    });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ user: { login: user.login }, auth: { type: "app_password" } });
  } finally {
    app.kill();
    await phoneContext.close();
  }
});

/** Clicks "Connect a device"; the QR code and the link shown for those who cannot scan are the same URI. */
async function connectDevice(page: Page): Promise<{ uri: string; matchCode: string }> {
  await page.getByRole("button", { name: "Connect a device" }).click();
  const region = page.getByRole("region", { name: "Connecting a device" });
  const uri = await region.getByLabel("Can't scan? Copy this link into the app").inputValue();
  expect(uri).toMatch(/^gatehouse:\/\/login-flow\?server=http[^&]+&token=[A-Za-z0-9_-]{43}&login=http[^&]+$/);
  expect(decodeQr((await region.getByRole("img", { name: "QR code for the app on your phone" }).getAttribute("src"))!)).toBe(uri);
  const matchCode = (await region.getByText(/^Match code:/).textContent())!.replace("Match code:", "").trim();
  recordSecret("client flow poll token", new URL(uri).searchParams.get("token") ?? undefined);
  return { uri, matchCode };
}
