import "server-only";
import { protectedApps } from "@/lib/apps/app-snapshot";
import { allowedAppIds } from "@/lib/apps/app-password-apps";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { activityWrite } from "@/lib/forward-auth/activity";
import { allowed, refusedAnswer, type VerifyAnswer, type VerifyEndpoint } from "@/lib/forward-auth/answer";
import { isBrowser } from "@/lib/forward-auth/browser";
import { assuranceAllows, credentialAllows, refusedIdentity, userAllowed } from "@/lib/forward-auth/decision";
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

const RESULTS: Record<number, string> = { 200: "allowed", 302: "sign_in", 400: "bad_request", 401: "unauthenticated", 403: "forbidden", 429: "throttled" };

export async function verify(endpoint: VerifyEndpoint, header: HeaderReader, meta: ClientMeta): Promise<Verified> {
  const seen = { app: "" };
  const answer = await decide(endpoint, header, meta, seen);
  countVerifyDecision(seen.app || "none", RESULTS[answer.status] ?? String(answer.status));
  return answer;
}

/** `seen.app`: the protected app the request was matched to (for the metrics). */
async function decide(endpoint: VerifyEndpoint, header: HeaderReader, meta: ClientMeta, seen: { app: string }): Promise<Verified> {
  const parsed = endpoint === "auth-request" ? fromNginx(header) : fromForwarded(header);
  if (!parsed.ok) return refusedAnswer({ kind: "bad_request", message: parsed.reason }, endpoint, null, "");
  const { url, method } = parsed.request;
  const app = matchApp(await protectedApps(), url);
  if (!app) return refusedAnswer({ kind: "forbidden", message: "No protected app covers this address." }, endpoint, url, "");
  seen.app = app.name;
  if (app.public) return allowed({});

  const browser = isBrowser(method, header);
  const who = await identify(header("authorization"), header("cookie"), meta, app.name);
  if (!who.ok) return refusedAnswer(refusedIdentity(who.error, who.retryAfter, browser), endpoint, url, app.name);
  const { user, token, via } = who.identity;

  const credential = credentialAllows(app, { via, token: token && { scope: token.scope, apps: allowedAppIds(token.apps) } }, method);
  if (credential.kind !== "allow") return refusedAnswer(credential, endpoint, url, app.name);
  const methods = via === "session" ? (token?.methods ?? null) : via === "password" ? "pwd" : null;
  const assurance = assuranceAllows(app, { via, methods }, browser);
  if (assurance.kind !== "allow") return refusedAnswer(assurance, endpoint, url, app.name);
  const groups = await userGroupNames(user.id, token ?? undefined);
  if (!userAllowed(app, user.loginKey, groups))
    return refusedAnswer({ kind: "forbidden", message: `You are signed in, but ${app.name} does not let this account in.` }, endpoint, url, app.name);
  return { ...allowed(remoteHeaders(user, groups, methods)), after: token ? activityWrite(token, meta, app.name) : undefined };
}
