// Threat: an anonymous script asks the login page for passkey requests over and over (each one a stored challenge) and fills the WebAuthnChallenge table; or an answer made in one browser is posted from another.
import { afterEach, describe, expect, it, vi } from "vitest";
import { passkeyOptionsAction, passkeySignInAction } from "@/app/(auth)/login/passkey-actions";
import { passkeyCookieName } from "@/lib/auth/cookies";
import { db } from "@/lib/db";
import { addressBucket } from "@/lib/net/client-address";
import { MAX_PASSKEY_REQUESTS_PER_ADDRESS } from "@/lib/providers/webauthn/passkey";
import { asBrowser, freshAddress, newBrowser, outcomeOf, passkeyAnswer, responseForm, userWithKey, type Browser } from "@/test/support/passkey-browser";

vi.mock("next/headers", async () => (await import("@/test/support/passkey-browser")).nextHeaders);
vi.mock("@/lib/auth/sign-in", async () => (await import("@/test/support/passkey-browser")).signInMock);

afterEach(() => {
  vi.useRealTimers();
});

/** The challenge of the request `browser` was handed, or the failure. */
async function ask(browser: Browser): Promise<{ challenge: string } | { error: string }> {
  asBrowser(browser);
  const state = await passkeyOptionsAction();
  if (state?.ok && "options" in state) return { challenge: (state.options as { challenge: string }).challenge };
  return { error: state && !state.ok ? state.error : "none" };
}

async function challengeOf(browser: Browser): Promise<string> {
  const asked = await ask(browser);
  if (!("challenge" in asked)) throw new Error(`refused: ${asked.error}`);
  return asked.challenge;
}

async function post(browser: Browser, response: string) {
  asBrowser(browser);
  return outcomeOf(() => passkeySignInAction("/", null, responseForm(response)));
}

const liveFrom = (ip: string) => db.webAuthnChallenge.count({ where: { purpose: "passkey", address: addressBucket(ip), expiresAt: { gt: new Date() } } });

describe("passkey requests", () => {
  it("one browser asking again and again (autofill re-armed, the button) holds one live request: the newest", async () => {
    const { key } = await userWithKey("passkey");
    const browser = newBrowser(freshAddress());
    const first = await challengeOf(browser);
    for (let i = 0; i < 10; i++) await challengeOf(browser);
    const newest = await challengeOf(browser);
    expect(await liveFrom(browser.ip)).toBe(1);
    // The cookie that binds them: HttpOnly, and it lives as long as a request.
    expect(browser.flags.get(passkeyCookieName())).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", maxAge: 300 });

    expect(await post(browser, passkeyAnswer(key, first, 1))).toMatchObject({ state: { ok: false } });
    expect(await post(browser, passkeyAnswer(key, newest, 2))).toEqual({ redirect: "/" });
  });

  it("from one address, cookie-less scripts get at most the cap; a browser holding one may still renew it; other addresses are not affected", async () => {
    const ip = freshAddress();
    const regular = newBrowser(ip);
    await challengeOf(regular);
    const answers = [];
    for (let i = 0; i < MAX_PASSKEY_REQUESTS_PER_ADDRESS + 5; i++) answers.push(await ask(newBrowser(ip)));
    expect(answers.filter((a) => "challenge" in a)).toHaveLength(MAX_PASSKEY_REQUESTS_PER_ADDRESS - 1);
    expect(answers.slice(-5)).toEqual(Array(5).fill({ error: "too_many_requests" }));
    expect(await liveFrom(ip)).toBe(MAX_PASSKEY_REQUESTS_PER_ADDRESS);

    expect(await ask(regular)).toHaveProperty("challenge");
    expect(await liveFrom(ip)).toBe(MAX_PASSKEY_REQUESTS_PER_ADDRESS);
    expect(await ask(newBrowser(freshAddress()))).toHaveProperty("challenge");
  });

  it("expired requests are swept when a new one is made, and the address may ask again", async () => {
    const ip = freshAddress();
    for (let i = 0; i < MAX_PASSKEY_REQUESTS_PER_ADDRESS; i++) await challengeOf(newBrowser(ip));
    expect(await ask(newBrowser(ip))).toEqual({ error: "too_many_requests" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1000);
    expect(await ask(newBrowser(freshAddress()))).toHaveProperty("challenge");
    expect(await db.webAuthnChallenge.count({ where: { purpose: "passkey", address: addressBucket(ip) } })).toBe(0);
    expect(await ask(newBrowser(ip))).toHaveProperty("challenge");
  });

  it("an answer counts only in the browser that asked: not from another browser, not without the cookie", async () => {
    const { key } = await userWithKey("passkey");
    const asking = newBrowser();
    const challenge = await challengeOf(asking);
    const signed = passkeyAnswer(key, challenge, 1);
    const other = newBrowser();
    await challengeOf(other);
    expect(await post(other, signed)).toMatchObject({ state: { ok: false, error: "invalid_credentials" } });
    expect(await post(newBrowser(), signed)).toMatchObject({ state: { ok: false, error: "invalid_credentials" } });
    expect(await post(asking, signed)).toEqual({ redirect: "/" });
  });
});
