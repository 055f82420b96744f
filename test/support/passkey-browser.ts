import { randomBytes } from "node:crypto";
import { redeemChallenge } from "@/lib/auth/challenge";
import { registerKey, registrationOptions } from "@/lib/providers/webauthn/ceremony";
import { relyingParty } from "@/lib/providers/webauthn/relying-party";
import { makeUser, META } from "@/test/support/factories";
import { assertion, attestation, softKey, type SoftKey } from "@/test/support/webauthn-authenticator";

/**
 * The login page's passkey actions as a browser calls them: a test file mocks
 * `next/headers` with `nextHeaders` (the current browser's address and cookie
 * jar) and `@/lib/auth/sign-in` with `signInMock` (what next-auth's authorize
 * does: redeem the challenge for a session, recorded in `sessions`).
 *
 *   vi.mock("next/headers", async () => (await import("@/test/support/passkey-browser")).nextHeaders);
 *   vi.mock("@/lib/auth/sign-in", async () => (await import("@/test/support/passkey-browser")).signInMock);
 */

/** A browser: its address, its cookies, and the flags each cookie was last set with. */
export type Browser = { ip: string; jar: Map<string, string>; flags: Map<string, object | undefined> };

/** A browser with no cookies, at `ip` (the test file's address unless given). */
export const newBrowser = (ip: string = META.ip!): Browser => ({ ip, jar: new Map(), flags: new Map() });
/** A fresh address of its own (a random IPv6 /64). */
export const freshAddress = () => `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}::9`;

let current: Browser = newBrowser();

/** Makes `browser` the one whose request the next action call is. */
export function asBrowser(browser: Browser): void {
  current = browser;
}

export const nextHeaders = {
  headers: async () => new Headers({ "x-gatehouse-client-ip": current.ip, "user-agent": META.userAgent ?? "" }),
  cookies: async () => {
    const { jar, flags } = current;
    return {
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      set: (name: string, value: string, options?: object) => void (jar.set(name, value), flags.set(name, options)),
      delete: (cookie: string | { name: string }) => void jar.delete(typeof cookie === "string" ? cookie : cookie.name),
    };
  },
};

/** Session secrets the actions' sign-ins produced, newest last. */
export const sessions: string[] = [];

export const signInMock = {
  completeSignIn: async (secret: string) => {
    const sid = await redeemChallenge(secret, { ip: current.ip, userAgent: META.userAgent });
    if (sid) sessions.push(sid);
    return sid !== null;
  },
};

/** Where an action redirected to (it throws next/navigation's redirect), or its returned state. */
export async function outcomeOf<T>(call: () => Promise<T>): Promise<{ redirect: string } | { state: T }> {
  try {
    return { state: await call() };
  } catch (error) {
    const digest = (error as { digest?: string }).digest;
    if (typeof digest !== "string" || !digest.startsWith("NEXT_REDIRECT")) throw error;
    return { redirect: digest.split(";").slice(2, -2).join(";") };
  }
}

/** A user with a passkey (discoverable, user-verified) or a plain security key, made by the software authenticator. */
export async function userWithKey(kind: "passkey" | "key") {
  const user = await makeUser();
  const key = softKey(user.id);
  const passkey = kind === "passkey";
  const options = await registrationOptions({ id: user.id, login: user.login }, passkey);
  const rp = relyingParty();
  const added = await registerKey(
    user.id,
    attestation(key, { challenge: options.challenge, rpId: rp.id, origin: rp.origin, uv: passkey }),
    "Key",
    passkey,
    META,
  );
  if (!added.ok) throw new Error(added.message);
  return { user, key };
}

/** What the browser's authenticator answers to `challenge` (user verified unless `uv` is false). */
export function passkeyAnswer(key: SoftKey, challenge: string, counter: number, uv = true): string {
  const rp = relyingParty();
  return assertion(key, { challenge, rpId: rp.id, origin: rp.origin, counter, uv });
}

/** FormData with one field. */
export function responseForm(response: string): FormData {
  const form = new FormData();
  form.set("response", response);
  return form;
}
