// Threat: script injection, clickjacking, MIME sniffing and cookie theft — every response carries the browser's defences, every cookie its flags.
import type { Page, Response } from "@playwright/test";
import { expect, test } from "./fixtures";

const nonceOf = (csp: string) => csp.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];

/** Collects CSP violations the page reports (the listener is installed before any page script runs). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const console: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push(m.text());
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []))];
}

function expectBrowserDefences(response: Response | null) {
  const h = response!.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  return h;
}

test("pages get a strict per-request CSP with a nonce that Next puts on its own scripts", async ({ page }) => {
  const violations = await watchViolations(page);
  const first = await page.goto("/login");
  const h = expectBrowserDefences(first);
  const csp = h["content-security-policy"]!;
  expect(csp).toBeTruthy();
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(scriptSrc).not.toContain("unsafe-eval");
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) expect(csp).toContain(directive);

  const nonce = nonceOf(csp)!;
  expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  const scriptNonces = await page.locator("script").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));

  const second = await page.reload();
  expect(nonceOf(second!.headers()["content-security-policy"]!)).not.toBe(nonce);
  // The page works under the policy: React hydrated (the form validates on the client) and nothing was blocked.
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  expect(await violations()).toEqual([]);
});

test("signed-in pages work under the policy, and the session cookies carry HttpOnly and SameSite=Lax", async ({ page, loginPage, user, context }) => {
  const violations = await watchViolations(page);
  const setCookies: string[] = [];
  page.on("response", async (r) => {
    for (const { name, value } of await r.headersArray()) if (name.toLowerCase() === "set-cookie") setCookies.push(value);
  });
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(page.getByRole("heading", { name: "Security", exact: true })).toBeVisible();
  const response = await page.reload();
  expect(response!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(await violations()).toEqual([]);

  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name)).toContain("gatehouse-session");
  for (const cookie of cookies) {
    expect(cookie, cookie.name).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  }
  expect(setCookies.length).toBeGreaterThan(0);
  for (const header of setCookies) {
    expect(header).toMatch(/;\s*HttpOnly/i);
    expect(header).toMatch(/;\s*SameSite=Lax/i);
  }
});

test("API responses are never sniffed, framed or run as a page", async ({ request }) => {
  for (const path of ["/api/health", "/api/v1/me"]) {
    const response = await request.get(path);
    const h = response.headers();
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(h["referrer-policy"], path).toBe("same-origin");
  }
});

test("a 404 for any path, file-like ones included, is an HTML page with the same defences", async ({ page }) => {
  const violations = await watchViolations(page);
  const response = await page.goto("/wp-login.php");
  expect(response!.status()).toBe(404);
  const h = expectBrowserDefences(response);
  expect(nonceOf(h["content-security-policy"]!)).toBeTruthy();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect(await violations()).toEqual([]);
});
