// Threat: after the admin switched the security-key provider off (or passkey sign-in off), a script posting to the login page's passkey actions still signs in with a passkey — only the page's button was gone.
import { afterEach, describe, expect, it, vi } from "vitest";
import { passkeyOptionsAction, passkeySignInAction } from "@/app/(auth)/login/passkey-actions";
import { setConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { passkeySignInEnabled } from "@/lib/providers/webauthn/passkey";
import { setProviderSwitchedOff } from "@/lib/two-factor/provider-set";
import { asBrowser, newBrowser, outcomeOf, passkeyAnswer, responseForm, sessions, userWithKey, type Browser } from "@/test/support/passkey-browser";

vi.mock("next/headers", async () => (await import("@/test/support/passkey-browser")).nextHeaders);
vi.mock("@/lib/auth/sign-in", async () => (await import("@/test/support/passkey-browser")).signInMock);

afterEach(async () => {
  await setProviderSwitchedOff("webauthn", false, "test");
  await setConfig("passkey_sign_in", "true", "test");
});

async function askOptions(browser: Browser) {
  asBrowser(browser);
  return passkeyOptionsAction();
}

async function answer(browser: Browser, response: string) {
  asBrowser(browser);
  return outcomeOf(() => passkeySignInAction("/", null, responseForm(response)));
}

/** A passkey user whose browser got a request while passkey sign-in was on, and the answer their passkey made to it. */
async function answerMadeWhileOn() {
  const { user, key } = await userWithKey("passkey");
  const browser = newBrowser();
  const asked = await askOptions(browser);
  if (!asked?.ok || !("options" in asked)) throw new Error("no passkey request");
  return { user, browser, signed: passkeyAnswer(key, (asked.options as { challenge: string }).challenge, 1) };
}

const switches = {
  "the security-key provider switched off (providers_disabled)": () => setProviderSwitchedOff("webauthn", true, "test"),
  "passkey sign-in turned off (passkey_sign_in false)": () => setConfig("passkey_sign_in", "false", "test"),
};

describe.each(Object.entries(switches))("with %s", (_name, switchOff) => {
  it("the login page offers no passkey and the server hands out no passkey request", async () => {
    await switchOff();
    expect(await passkeySignInEnabled()).toBe(false);
    const before = await db.webAuthnChallenge.count({ where: { purpose: "passkey" } });
    expect(await askOptions(newBrowser())).toMatchObject({ ok: false, error: "not_found" });
    expect(await db.webAuthnChallenge.count({ where: { purpose: "passkey" } })).toBe(before);
  });

  it("a passkey answer made before the switch is refused: no session", async () => {
    const { user, browser, signed } = await answerMadeWhileOn();
    await switchOff();
    const sessionsBefore = sessions.length;
    expect(await answer(browser, signed)).toEqual({ state: expect.objectContaining({ ok: false, error: "not_found" }) });
    expect(sessions).toHaveLength(sessionsBefore);
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("with both switches on", () => {
  it("the same answer signs in (so the refusals above are the switches' doing)", async () => {
    const { user, browser, signed } = await answerMadeWhileOn();
    expect(await answer(browser, signed)).toEqual({ redirect: "/" });
    expect(await db.authToken.findFirst({ where: { userId: user.id, type: "session" }, select: { methods: true } })).toEqual({ methods: "passkey" });
  });
});
