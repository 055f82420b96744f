// Threat: the password-less door lets in less than two factors — a security key that is not a passkey (not discoverable, no user verification), or a passkey whose user was not verified — or 2FA enforcement turns a real passkey sign-in (both factors) away to set-up.
import { afterEach, describe, expect, it, vi } from "vitest";
import { passkeyOptionsAction, passkeySignInAction } from "@/app/(auth)/login/passkey-actions";
import { db } from "@/lib/db";
import { writePolicy } from "@/lib/two-factor/enforcement";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { asBrowser, newBrowser, outcomeOf, passkeyAnswer, responseForm, userWithKey } from "@/test/support/passkey-browser";
import type { SoftKey } from "@/test/support/webauthn-authenticator";

vi.mock("next/headers", async () => (await import("@/test/support/passkey-browser")).nextHeaders);
vi.mock("@/lib/auth/sign-in", async () => (await import("@/test/support/passkey-browser")).signInMock);

afterEach(async () => {
  await writePolicy({ enforced: false, groups: [], excluded: [] }, "test");
});

/** A browser asks for a passkey request and posts what `key` answers to it. */
async function signInWith(key: SoftKey, options: { uv: boolean; next?: string }) {
  const browser = newBrowser();
  asBrowser(browser);
  const asked = await passkeyOptionsAction();
  if (!asked?.ok || !("options" in asked)) throw new Error("no passkey request");
  const { challenge, userVerification } = asked.options as { challenge: string; userVerification: string };
  expect(userVerification).toBe("required");
  return outcomeOf(() => passkeySignInAction(options.next ?? "/", null, responseForm(passkeyAnswer(key, challenge, 1, options.uv))));
}

const sessionsOf = (userId: string) => db.authToken.findMany({ where: { userId, type: "session" }, select: { methods: true } });

describe("signing in with a passkey alone", () => {
  it("a security key added as a second factor (not a passkey) is refused, even when it says it verified the user", async () => {
    const { user, key } = await userWithKey("key");
    expect(await signInWith(key, { uv: true })).toMatchObject({ state: { ok: false, error: "invalid_credentials" } });
    expect(await sessionsOf(user.id)).toEqual([]);
  });

  it("a passkey that did not verify its user (no PIN, no biometric) is refused", async () => {
    const { user, key } = await userWithKey("passkey");
    expect(await signInWith(key, { uv: false })).toMatchObject({ state: { ok: false, error: "invalid_credentials" } });
    expect(await sessionsOf(user.id)).toEqual([]);
  });

  it("a user-verified passkey satisfies 2FA enforcement: an enforced user gets a session (methods passkey), not /login/setup", async () => {
    await writePolicy({ enforced: true, groups: [], excluded: [] }, "test");
    const { user, key } = await userWithKey("passkey");
    // With the password, this user would be asked for a second factor.
    expect(await loginRequirement(user.id)).toBe("challenge");
    expect(await signInWith(key, { uv: true, next: "/settings/security" })).toEqual({ redirect: "/settings/security" });
    expect(await sessionsOf(user.id)).toEqual([{ methods: "passkey" }]);
  });
});
