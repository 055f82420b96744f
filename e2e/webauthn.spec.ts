// Security keys (WebAuthn) in Chromium with the CDP virtual authenticator: a key is added and named in
// settings, signs in after the password, and cannot be replayed, borrowed by another account, or used once removed.
import type { CDPSession, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import type { LoginPage } from "./pages/login-page";
import { TwoFactorPage } from "./pages/two-factor-page";
import { cli, createUser, sql } from "./support/gatehouse";
import { totp } from "./support/otp";

type Authenticator = { cdp: CDPSession; id: string };

/** A platform authenticator in this page (ctap2, internal, resident keys, user verification). */
async function addAuthenticator(page: Page, options: { isUserVerified?: boolean } = {}): Promise<Authenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: options.isUserVerified ?? true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

/**
 * The attacker's tools, in the page: every assertion the browser makes is kept (sessionStorage survives the
 * navigations); with "e2e-replay" the kept one is handed back instead of asking the key, and with "e2e-allow"
 * the key is asked to sign with that credential id whatever the server listed.
 */
function attackerTools() {
  const toB64 = (b: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(b)));
  const toBuf = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)).buffer;
  const get = navigator.credentials.get.bind(navigator.credentials);
  navigator.credentials.get = async (options?: CredentialRequestOptions) => {
    const kept = sessionStorage.getItem("e2e-assertion");
    if (kept && sessionStorage.getItem("e2e-replay") === "1") {
      const a = JSON.parse(kept);
      const response = {
        authenticatorData: toBuf(a.authenticatorData),
        clientDataJSON: toBuf(a.clientDataJSON),
        signature: toBuf(a.signature),
        userHandle: a.userHandle ? toBuf(a.userHandle) : null,
      };
      return { id: a.id, rawId: toBuf(a.rawId), type: "public-key", authenticatorAttachment: null, response, getClientExtensionResults: () => ({}) } as never;
    }
    const allow = sessionStorage.getItem("e2e-allow");
    if (allow && options?.publicKey) options.publicKey.allowCredentials = [{ type: "public-key", id: toBuf(allow) }];
    const credential = (await get(options)) as PublicKeyCredential | null;
    if (credential) {
      const r = credential.response as AuthenticatorAssertionResponse;
      sessionStorage.setItem(
        "e2e-assertion",
        JSON.stringify({
          id: credential.id,
          rawId: toB64(credential.rawId),
          authenticatorData: toB64(r.authenticatorData),
          clientDataJSON: toB64(r.clientDataJSON),
          signature: toB64(r.signature),
          userHandle: r.userHandle ? toB64(r.userHandle) : null,
        }),
      );
    }
    return credential;
  };
}

/**
 * Conditional mediation's stand-in: a get() with mediation "conditional" waits (as the browser does, until the user
 * picks a passkey in the field's autofill list); `pickPasskey()` is that pick. `conditionalField` names the field the
 * page marked for it (autocomplete ending in "webauthn").
 */
function autofillStandIn() {
  const get = navigator.credentials.get.bind(navigator.credentials);
  navigator.credentials.get = (options?: CredentialRequestOptions) => {
    if (options?.mediation !== "conditional") return get(options);
    return new Promise((resolve, reject) => {
      const field = document.querySelector<HTMLInputElement>("input[autocomplete$='webauthn']");
      Object.assign(window, {
        conditionalField: field?.name ?? null,
        pickPasskey: () => get({ publicKey: options.publicKey, signal: options.signal }).then(resolve, reject),
      });
      options.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
  };
}

async function addKey(page: Page, name: string, options: { passkey?: boolean } = {}) {
  await page.getByLabel("Key name").fill(name);
  if (options.passkey) await page.getByLabel(/^Passkey/).check();
  await page.getByRole("button", { name: "Add security key" }).click();
  await expect(page.getByRole("status").filter({ hasText: `“${name}” is added.` })).toBeVisible();
}

/** Signs in with the password alone and turns TOTP on in settings: its secret. */
async function signInAndEnrolTotp(page: Page, loginPage: LoginPage, user: { login: string; password: string }): Promise<string> {
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  return new TwoFactorPage(page).enrolTotp();
}

/** Puts the user in a new group that must sign in phishing resistant; the returned function lifts the rule. */
function requireKeysOf(user: { login: string }): () => void {
  const group = `keys-${user.login.slice(4)}`;
  cli(["group:add", group]);
  cli(["group:adduser", group, user.login]);
  cli(["twofactorauth:require", "phishing_resistant", "--group", group]);
  return () => cli(["twofactorauth:require", "--off"]);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
}

async function passwordThenKeyPage(loginPage: LoginPage, user: { login: string; password: string }) {
  await loginPage.goto();
  await loginPage.signIn(user.login, user.password);
  await expect(loginPage.page).toHaveURL(/\/login\/challenge\/webauthn/);
}

test("a user adds a named security key, signs in with password + key; an old assertion replayed is refused; a removed key no longer works", async ({
  page,
  loginPage,
  user,
}) => {
  await page.addInitScript(attackerTools);
  const first = await addAuthenticator(page);
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/settings\/security$/);

  await addKey(page, "Desk key");
  await expect(page.getByRole("heading", { name: /^Security key/ })).toContainText("On");
  await expect(page.getByTestId("security-key")).toHaveCount(1);
  await expect(page.getByTestId("security-key")).toContainText("never used");

  // Renamed in place; listed with when it was added and last used.
  await page.getByLabel("New name for Desk key").fill("Keyring key");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByTestId("security-key")).toContainText("Keyring key");

  await signOut(page);
  await passwordThenKeyPage(loginPage, user);
  await page.getByRole("button", { name: "Use security key" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
  await page.goto("/settings/security");
  await expect(page.getByTestId("security-key")).toContainText("last used");

  // The assertion that just signed in, sent again for a new sign-in: its challenge was used and belongs to another sign-in.
  await signOut(page);
  await passwordThenKeyPage(loginPage, user);
  await page.evaluate(() => sessionStorage.setItem("e2e-replay", "1"));
  await page.getByRole("button", { name: "Use security key" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/expired or was already used/);
  await expect(page).toHaveURL(/\/login\/challenge\/webauthn/);
  // The real key still works for this sign-in (a fresh challenge after the refusal).
  await page.evaluate(() => sessionStorage.removeItem("e2e-replay"));
  await page.getByRole("button", { name: "Use security key" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);

  // A second key (another authenticator: this one already holds a key of the account, which the browser is told to
  // exclude), then the first removed (sudo is fresh): the removed key, put back into the browser, is refused.
  const { credentials } = await first.cdp.send("WebAuthn.getCredentials", { authenticatorId: first.id });
  await first.cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: first.id });
  const second = await addAuthenticator(page);
  await page.goto("/settings/security");
  await addKey(page, "Spare key");
  await expect(page.getByTestId("security-key")).toHaveCount(2);
  const [removed] = sql<{ credentialId: string }>(
    `SELECT k.credentialId FROM WebAuthnCredential k JOIN User u ON u.id = k.userId WHERE u.login = ? AND k.name = 'Keyring key'`,
    user.login,
  );
  await page.getByRole("button", { name: "Remove Keyring key" }).click();
  await expect(page.getByTestId("security-key")).toHaveCount(1);
  await expect(page.getByTestId("security-key")).toContainText("Spare key");

  await signOut(page);
  await second.cdp.send("WebAuthn.addCredential", { authenticatorId: second.id, credential: credentials[0]! });
  await passwordThenKeyPage(loginPage, user);
  await page.evaluate((id) => sessionStorage.setItem("e2e-allow", id), removed!.credentialId);
  await page.getByRole("button", { name: "Use security key" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/not accepted/);
  await page.evaluate(() => sessionStorage.removeItem("e2e-allow"));
  await page.getByRole("button", { name: "Use security key" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
});

test("another account's security key is refused, even when it signs this sign-in's own challenge", async ({ page, loginPage, user }) => {
  const other = createUser();
  await page.addInitScript(attackerTools);
  await addAuthenticator(page);
  // Both accounts have a key on this one authenticator.
  for (const who of [other, user]) {
    await loginPage.goto("/settings/security");
    await loginPage.signIn(who.login, who.password);
    await expect(page).toHaveURL(/\/settings\/security$/);
    await addKey(page, `${who.login}'s key`);
    await signOut(page);
  }
  const [theirs] = sql<{ credentialId: string }>(
    `SELECT k.credentialId FROM WebAuthnCredential k JOIN User u ON u.id = k.userId WHERE u.login = ?`,
    other.login,
  );
  await passwordThenKeyPage(loginPage, user);
  await page.evaluate((id) => sessionStorage.setItem("e2e-allow", id), theirs!.credentialId);
  await page.getByRole("button", { name: "Use security key" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/not accepted/);
  await expect(page).toHaveURL(/\/login\/challenge\/webauthn/);
});

/** The proxy's question for the page's browser (its cookies), as Traefik asks it. */
async function forwardAuth(page: Page, host: string) {
  const answer = await page.request.get("/api/v1/forward-auth", {
    headers: { "x-forwarded-proto": "https", "x-forwarded-host": host, "x-forwarded-uri": "/", "x-forwarded-method": "GET", accept: "text/html" },
    maxRedirects: 0,
  });
  return { status: answer.status(), methods: answer.headers()["remote-auth-methods"] };
}

test("a phishing_resistant app refuses a password + TOTP session and admits a password + key session; the key is offered first; sessions show their methods", async ({
  page,
  loginPage,
  user,
}) => {
  const app = `wiki-${user.login.slice(4)}`;
  cli(["app:add", app, "--url", `https://${app}.gatehouse.test`, "--require", "phishing_resistant"]);
  await addAuthenticator(page);
  const secret = await signInAndEnrolTotp(page, loginPage, user);
  await addKey(page, "Desk key");
  await signOut(page);

  // The key comes first; the code is the other way.
  await passwordThenKeyPage(loginPage, user);
  await page.getByRole("link", { name: "Try another way" }).click();
  await page.getByRole("link", { name: /Authenticator app/ }).click();
  await page.getByLabel("Authentication code").fill(await totp(secret, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
  // Not let in: the browser is sent to step-up (the next test follows it there).
  expect(await forwardAuth(page, `${app}.gatehouse.test`)).toEqual({ status: 302, methods: undefined });
  await page.goto("/settings/security");
  await expect(page.getByRole("listitem").filter({ hasText: "This device" }).getByTestId("session-methods")).toHaveText(
    "Signed in with password + one-time code",
  );
  await signOut(page);

  await loginPage.signIn(user.login, user.password);
  // The last method used opens first now; the key is still offered first on it, one click away.
  await expect(page).toHaveURL(/\/login\/challenge\/totp/);
  await page.getByTestId("use-key").click();
  await expect(page).toHaveURL(/\/login\/challenge\/webauthn/);
  await page.getByRole("button", { name: "Use security key" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
  expect(await forwardAuth(page, `${app}.gatehouse.test`)).toEqual({ status: 200, methods: "pwd,hwk" });
  await page.goto("/settings/security");
  await expect(page.getByRole("listitem").filter({ hasText: "This device" }).getByTestId("session-methods")).toHaveText(
    "Signed in with password + security key",
  );
});

test("a passkey signs in without a password (login field autofill and the button), needs user verification, and the admin can turn it off", async ({
  page,
  loginPage,
  user,
}) => {
  await page.addInitScript(autofillStandIn);
  const authenticator = await addAuthenticator(page);
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await addKey(page, "Laptop passkey", { passkey: true });
  await expect(page.getByTestId("security-key")).toContainText("Passkey");
  await signOut(page);

  // Conditional mediation: the login field offers the passkey (the virtual authenticator picks it at once).
  await expect(loginPage.login).toHaveAttribute("autocomplete", "username webauthn");
  // Headless Chromium draws no autofill list to click: the stand-in answers the page's conditional request
  // the way picking the passkey from that list does (the same credential, through a modal get()).
  await page.goto("/login?next=%2Fsettings%2Fsecurity");
  await page.waitForFunction(() => "pickPasskey" in window);
  expect(await page.evaluate(() => (window as unknown as { conditionalField: string }).conditionalField)).toBe("login");
  await page.evaluate(() => (window as unknown as { pickPasskey: () => void }).pickPasskey());
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByRole("listitem").filter({ hasText: "This device" }).getByTestId("session-methods")).toHaveText("Signed in with passkey");
  expect(sql("SELECT methods FROM AuthToken t JOIN User u ON u.id = t.userId WHERE u.login = ? ORDER BY t.id DESC LIMIT 1", user.login)).toEqual([
    { methods: "passkey" },
  ]);

  // The button does the same.
  await signOut(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);

  // Without user verification (no PIN or fingerprint) the passkey is not enough.
  await authenticator.cdp.send("WebAuthn.setUserVerified", { authenticatorId: authenticator.id, isUserVerified: false });
  await signOut(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId("signed-in-login")).toHaveCount(0);

  // The admin turns passkey sign-in off: no button, no autofill.
  cli(["config:set", "passkey_sign_in", "false"]);
  try {
    await authenticator.cdp.send("WebAuthn.setUserVerified", { authenticatorId: authenticator.id, isUserVerified: true });
    await page.goto("/login");
    await expect(loginPage.login).toHaveAttribute("autocomplete", "username");
    await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toHaveCount(0);
  } finally {
    cli(["config:set", "passkey_sign_in", "true"]);
  }
});

test("a member of a group that must sign in phishing resistant is led to add a security key at sign-in, and is then signed in with it", async ({
  page,
  loginPage,
  user,
}) => {
  const liftRule = requireKeysOf(user);
  try {
    await addAuthenticator(page);
    await loginPage.goto();
    await loginPage.signIn(user.login, user.password);
    await expect(page).toHaveURL(/\/login\/setup/);
    // Only phishing-resistant factors are offered.
    await expect(page.getByRole("link", { name: /Authenticator app/ })).toHaveCount(0);
    await page.getByRole("link", { name: /Security key/ }).click();
    await page.getByLabel("Key name").fill("Desk key");
    await page.getByRole("button", { name: "Add security key and continue" }).click();
    await expect(page).toHaveURL(/\/settings\/security/);
    await expect(page.getByTestId("security-key")).toContainText("Desk key");
    await expect(page.getByRole("listitem").filter({ hasText: "This device" }).getByTestId("session-methods")).toHaveText(
      "Signed in with password + security key",
    );
  } finally {
    liftRule();
  }
});

test("a member with TOTP whose group must sign in phishing resistant proves it with a code first, then adds a key: the password alone adds none", async ({
  page,
  loginPage,
  user,
}) => {
  const secret = await signInAndEnrolTotp(page, loginPage, user);
  await signOut(page);
  const liftRule = requireKeysOf(user);
  try {
    await addAuthenticator(page);
    await loginPage.goto();
    await loginPage.signIn(user.login, user.password);
    await expect(page).toHaveURL(/\/login\/challenge\/totp/);
    await expect(page.getByTestId("setup-follows")).toContainText("Confirm it is you here first");
    // The set-up is not reachable before the code: it sends the browser back.
    await page.goto("/login/setup/webauthn");
    await expect(page).toHaveURL(/\/login\/challenge/);
    await page.goto("/login/challenge/totp");
    await page.getByLabel("Authentication code").fill(await totp(secret, 1));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/login\/setup/);
    await page.getByRole("link", { name: /Security key/ }).click();
    await page.getByLabel("Key name").fill("Desk key");
    await page.getByRole("button", { name: "Add security key and continue" }).click();
    await expect(page).toHaveURL(/\/settings\/security/);
    await expect(page.getByRole("listitem").filter({ hasText: "This device" }).getByTestId("session-methods")).toHaveText(
      "Signed in with password + one-time code + security key",
    );
  } finally {
    liftRule();
  }
});

/**
 * A protected app in this browser: requests to its host are answered here as Traefik would, from Gatehouse's
 * forward-auth answer for the browser's own cookies — the app's page when allowed, Gatehouse's 302 otherwise.
 */
async function protectedAppInBrowser(page: Page, host: string) {
  await page.route(`https://${host}/**`, async (route) => {
    const url = new URL(route.request().url());
    const answer = await page.request.get("/api/v1/forward-auth", {
      headers: {
        "x-forwarded-proto": "https",
        "x-forwarded-host": host,
        "x-forwarded-uri": url.pathname + url.search,
        "x-forwarded-method": "GET",
        accept: "text/html",
      },
      maxRedirects: 0,
    });
    const h = answer.headers();
    if (answer.status() !== 200) return route.fulfill({ status: answer.status(), headers: h.location ? { location: h.location } : {}, body: "" });
    await route.fulfill({
      contentType: "text/html",
      body: `<main><h1>The vault</h1><p data-testid="app-user">${h["remote-user"]}</p><p data-testid="app-methods">${h["remote-auth-methods"]}</p></main>`,
    });
  });
}

test("a session without a key steps up for an app that requires phishing_resistant: led to add a key, then confirms with it and lands on the app", async ({
  page,
  loginPage,
  user,
}) => {
  const app = `vault-${user.login.slice(4)}`;
  const host = `${app}.gatehouse.test`;
  const appUrl = `https://${host}/notes?id=7`;
  cli(["app:add", app, "--url", `https://${host}`, "--require", "phishing_resistant"]);
  await protectedAppInBrowser(page, host);
  await addAuthenticator(page);
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/settings\/security$/);

  // Password only: the app sends the browser to step-up, which has no key to ask for yet and says so.
  await page.goto(appUrl);
  await expect(page).toHaveURL(`/login/step-up?rd=${encodeURIComponent(appUrl)}`);
  await expect(page.getByRole("main")).toContainText(`${app} needs a sign-in with a security key or passkey.`);
  await expect(page.getByTestId("step-up-no-key")).toContainText("no security key or passkey yet");
  const addLink = page.getByRole("link", { name: "Add a security key or passkey" });
  await expect(addLink).toHaveAttribute("target", "_blank");
  // (Followed in this tab: Chromium's virtual authenticator belongs to one tab, a real one to the whole browser.)
  await page.goto((await addLink.getAttribute("href"))!);
  await addKey(page, "Desk key");

  // Back where it asked (a signed-in /login?rd= lands there too, rather than going round to the app and back).
  await page.goto(`/login?rd=${encodeURIComponent(appUrl)}`);
  await expect(page).toHaveURL(`/login/step-up?rd=${encodeURIComponent(appUrl)}`);
  await page.getByRole("button", { name: "Use security key" }).click();
  await expect(page).toHaveURL(appUrl);
  await expect(page.getByTestId("app-user")).toHaveText(user.login);
  await expect(page.getByTestId("app-methods")).toHaveText("pwd,hwk");

  // The same session, not a new one: the security page shows this device with the key added to its methods.
  await page.goto("/settings/security");
  await expect(page.getByRole("listitem").filter({ hasText: "This device" }).getByTestId("session-methods")).toHaveText(
    "Signed in with password + security key",
  );
  expect(sql("SELECT COUNT(*) AS n FROM AuthToken t JOIN User u ON u.id = t.userId WHERE u.login = ? AND t.type = 'session'", user.login)).toEqual([{ n: 1 }]);
});
