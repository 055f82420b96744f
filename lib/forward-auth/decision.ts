import type { AppClients } from "@/lib/apps/app-view";
import type { ErrorCode } from "@/lib/errors";
import { meetsAssurance, parseMethods, type Assurance } from "@/lib/two-factor/assurance";

/**
 * What a verify endpoint decides, as pure functions of the app, the identity and
 * the original method. No I/O: lib/forward-auth/verify.ts gathers the inputs.
 */

export type AppRules = { id: string; name: string; allowGroups: string[]; allowUsers: string[]; clients: AppClients; require?: Assurance | null };

export type Verdict =
  | { kind: "allow" }
  | { kind: "sign_in" } // a browser: to the sign-in page
  | { kind: "step_up" } // a signed-in browser whose session lacks what the app requires: to the step-up page
  | { kind: "challenge" } // a client: 401 with a Basic challenge
  | { kind: "forbidden"; message: string }
  | { kind: "bad_request"; message: string }
  | { kind: "throttled"; retryAfter: number };

export type Refusal = Exclude<Verdict, { kind: "allow" }>;

/** (contract) Read-only app passwords, and apps whose clients may only read, allow these. */
export const READ_ONLY_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT"]);

/** A failed identification: a browser goes to sign in, a client is challenged, the rest are refused. */
export function refusedIdentity(error: ErrorCode, retryAfter: number | undefined, browser: boolean): Refusal {
  if (retryAfter !== undefined) return { kind: "throttled", retryAfter };
  if (error === "invalid_input") return { kind: "bad_request", message: "The Authorization header is malformed." };
  if (error === "account_disabled") return { kind: "forbidden", message: "This account is disabled." };
  // The password was right (the /api/v1 rule: 403, so a client does not ask for it again).
  if (error === "two_factor_setup_required")
    return { kind: "forbidden", message: "Set up two-factor authentication in a browser first, then give this client an app password." };
  return browser ? { kind: "sign_in" } : { kind: "challenge" };
}

type Credential = { via: "session" | "app_password" | "password"; token: { scope: string; apps: string[] | null } | null };

/**
 * Whether this credential may make this request on this app: app passwords
 * (and the login password, also a client credential) follow the app's
 * `clients` setting; an app password limited to a list of apps reaches only
 * those; read-only (the password's or the app's) allows READ_ONLY_METHODS.
 */
export function credentialAllows(app: AppRules, credential: Credential, method: string): Verdict {
  if (credential.via === "session") return { kind: "allow" };
  if (app.clients === "none") return { kind: "forbidden", message: `${app.name} does not take app passwords: sign in with a browser.` };
  const apps = credential.token?.apps ?? null;
  if (apps !== null && !apps.includes(app.id)) return { kind: "forbidden", message: `This app password is not for ${app.name}.` };
  // The login password has no token: it is as wide as the app lets clients be.
  const readOnly = app.clients === "read_only" || (credential.token !== null && credential.token.scope !== "full");
  if (readOnly && !READ_ONLY_METHODS.has(method)) return { kind: "forbidden", message: "This app password may only read here." };
  return { kind: "allow" };
}

/** No allow list: every active user. Otherwise the user's login key or one of their groups must be on it. */
export function userAllowed(app: AppRules, loginKey: string, groups: readonly string[]): boolean {
  if (app.allowGroups.length === 0 && app.allowUsers.length === 0) return true;
  return app.allowUsers.includes(loginKey) || groups.some((g) => app.allowGroups.includes(g));
}

/**
 * An app that requires `phishing_resistant` admits only a session whose methods
 * include a security key or passkey. A browser whose session lacks one is sent
 * to confirm with a key for that same session (step-up), like GitHub's sudo; a
 * client (app password, login password, or a script carrying the cookie without
 * asking for a page) carries no such proof and is refused. Pure: the methods come
 * with the token row the request was identified by, so this costs no query.
 */
export function assuranceAllows(app: AppRules, credential: { via: Credential["via"]; methods: string | null }, browser: boolean): Verdict {
  const required = app.require ?? null;
  if (required === null) return { kind: "allow" };
  if (credential.via === "session" && meetsAssurance(parseMethods(credential.methods), required)) return { kind: "allow" };
  if (credential.via === "session" && browser) return { kind: "step_up" };
  return {
    kind: "forbidden",
    message:
      credential.via === "session"
        ? `${app.name} needs a sign-in with a security key or passkey. Open it in a browser to confirm with your key.`
        : `${app.name} needs a browser sign-in with a security key or passkey; app passwords are not accepted.`,
  };
}
