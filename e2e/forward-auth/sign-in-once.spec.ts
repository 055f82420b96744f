// Threat: the sign-in in front of other apps can be skipped or outlives sign-out — an app reached without the second factor, a sign-in that does not carry over safely, a session that still opens apps after signing out.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { nginxConf } from "../../test/forward-auth/proxies/configs";
import { echoServer } from "../../test/forward-auth/proxies/echo";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";
import { totp } from "../support/otp";
import { ROOT } from "../support/servers";

// Ports after the two e2e servers' (E2E_PORT_BASE, default 3211): base + 20 … + 24.
const base = Number(process.env.E2E_PORT_BASE ?? 3211) + 20;
const PORTS = { gatehouse: base, nginx: base + 1, echo: base + 2, radicale: base + 3, caddy: base + 4 };
const AUTH = `http://auth.gatehouse.test:${PORTS.gatehouse}`;
const ECHO = `http://echo.gatehouse.test:${PORTS.nginx}`;
const WIKI = `http://wiki.gatehouse.test:${PORTS.nginx}`;
const dir = path.join(ROOT, "test-results", "e2e-forward-auth");
const hasNginx = spawnSync("sh", ["-c", "command -v nginx"]).status === 0;

test.skip(!hasNginx, "nginx is not installed (apt-get install nginx): forward-auth browser flow skipped");
test.use({
  baseURL: AUTH,
  launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP *.gatehouse.test 127.0.0.1"] },
});

let gatehouse: ChildProcess;
let nginx: ChildProcess;
let echo: Server;
let user: { login: string; password: string; displayName: string; secret: string };

const env: NodeJS.ProcessEnv = {
  ...process.env,
  GATEHOUSE_DATA_DIR: path.join(dir, "data"),
  DATABASE_URL: "",
  PORT: String(PORTS.gatehouse),
  HOSTNAME: "127.0.0.1",
  NODE_ENV: "production",
  PUBLIC_URL: AUTH,
  COOKIE_DOMAIN: "gatehouse.test",
  TRUST_PROXY: "true",
};

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ["data", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, sub), { recursive: true });
  const seeded = spawnSync(process.execPath, ["--no-warnings", "--import", "./bin/register.mjs", "e2e/forward-auth/seed.ts", String(PORTS.nginx)], {
    cwd: ROOT,
    env,
    encoding: "utf8",
  });
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  user = JSON.parse(seeded.stdout.trim().split("\n").at(-1)!);
  gatehouse = spawn(process.execPath, ["--no-warnings", "--import", "./bin/register.mjs", "scripts/serve.ts"], { cwd: ROOT, env, stdio: "ignore" });
  echo = echoServer().listen(PORTS.echo, "127.0.0.1");
  writeFileSync(path.join(dir, "nginx.conf"), nginxConf(dir, PORTS));
  nginx = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: "ignore" });
  await waitFor(`http://127.0.0.1:${PORTS.gatehouse}/api/health`);
});

test.afterAll(async () => {
  for (const child of [nginx, gatehouse]) if (child && child.exitCode === null) child.kill("SIGTERM");
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
});

test("visit an app → Gatehouse sign-in with password + TOTP → back at the original URL; a second app without signing in again; sign-out → asked again", async ({
  page,
}) => {
  // Not signed in: the app sends the browser to Gatehouse, remembering where it was going.
  await page.goto(`${ECHO}/notes/today?view=list`);
  await expect(page).toHaveURL(new RegExp(`^${AUTH}/login\\?rd=`));
  await page.getByLabel("Login name").fill(user.login);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
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
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Authentication code").fill(await totp(user.secret, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(`${AUTH}/`);
});
