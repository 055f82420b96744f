import "server-only";
import { protectedApps } from "@/lib/apps/app-snapshot";
import { allowedAppIds } from "@/lib/apps/app-password-apps";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { activityWrite } from "@/lib/forward-auth/activity";
import { allowed, refusedAnswer, type VerifyAnswer, type VerifyEndpoint } from "@/lib/forward-auth/answer";
import { isBrowser } from "@/lib/forward-auth/browser";
import { assuranceAllows, credentialAllows, refusedIdentity, userAllowed, type Refusal, type Verdict } from "@/lib/forward-auth/decision";
import { identify } from "@/lib/forward-auth/identity";
import { matchApp } from "@/lib/forward-auth/match";
import { fromForwarded, fromNginx, type HeaderReader } from "@/lib/forward-auth/original-request";
import { remoteHeaders } from "@/lib/forward-auth/remote-headers";
import { userGroupNames } from "@/lib/forward-auth/user-groups";
import { countVerifyDecision } from "@/lib/metrics";

/**
 * One verify request: which app, who is asking, may they — answered from the
 * protected-app snapshot, one indexed lookup of the credential (plus the user's
 * groups when allowed), and no write. `after` is the last-activity write, for
 * the caller to run once the answer has gone out.
 */

export type Verified = VerifyAnswer & { after?: () => Promise<void> };

/** The metric's result label: the verdict, the same whichever proxy asked (nginx's sign-in is a 401, Traefik's a 302). */
const RESULTS: Record<Verdict["kind"], string> = {
  allow: "allowed",
  sign_in: "sign_in",
  step_up: "step_up",
  challenge: "unauthenticated",
  forbidden: "forbidden",
  bad_request: "bad_request",
  throttled: "throttled",
};

export async function verify(endpoint: VerifyEndpoint, header: HeaderReader, meta: ClientMeta): Promise<Verified> {
  const seen = { app: "" };
  const outcome = await decide(endpoint, header, meta, seen);
  countVerifyDecision(seen.app || "none", RESULTS[outcome.kind]);
  if (outcome.kind === "allow") return { ...allowed(outcome.remote), after: outcome.after };
  return refusedAnswer(outcome, endpoint, outcome.url, seen.app);
}

type Outcome = { kind: "allow"; remote: Record<string, string>; after?: () => Promise<void> } | (Refusal & { url: URL | null });

/** `seen.app`: the protected app the request was matched to (for the metrics and the Basic realm). */
async function decide(endpoint: VerifyEndpoint, header: HeaderReader, meta: ClientMeta, seen: { app: string }): Promise<Outcome> {
  const parsed = endpoint === "auth-request" ? fromNginx(header) : fromForwarded(header);
  if (!parsed.ok) return { kind: "bad_request", message: parsed.reason, url: null };
  const { url, method } = parsed.request;
  const app = matchApp(await protectedApps(), url);
  if (!app) return { kind: "forbidden", message: "No protected app covers this address.", url };
  seen.app = app.name;
  if (app.public) return { kind: "allow", remote: {} };

  const browser = isBrowser(method, header);
  const who = await identify(header("authorization"), header("cookie"), meta, app.name);
  if (!who.ok) return { ...refusedIdentity(who.error, who.retryAfter, browser), url };
  const { user, token, via } = who.identity;

  const credential = credentialAllows(app, { via, token: token && { scope: token.scope, apps: allowedAppIds(token.apps) } }, method);
  if (credential.kind !== "allow") return { ...credential, url };
  // Who may enter before how they signed in: a user the app does not let in is told so, not sent to confirm with a key first.
  const groups = await userGroupNames(user.id, token ?? undefined);
  if (!userAllowed(app, user.loginKey, groups)) return { kind: "forbidden", message: `You are signed in, but ${app.name} does not let this account in.`, url };
  const methods = via === "session" ? (token?.methods ?? null) : via === "password" ? "pwd" : null;
  const assurance = assuranceAllows(app, { via, methods }, browser);
  if (assurance.kind !== "allow") return { ...assurance, url };
  return { kind: "allow", remote: remoteHeaders(user, groups, methods), after: token ? activityWrite(token, meta, app.name) : undefined };
}
