import "server-only";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { randomToken } from "@/lib/crypto/random";
import type { Result } from "@/lib/errors";
import { matchCodeFor } from "@/lib/client-flows/codes";
import { connectUri } from "@/lib/client-flows/connect-uri";
import { pageKeyHash, startGrant } from "@/lib/client-flows/grants";

/**
 * Login Flow v2 (the shape Nextcloud clients know), on lib/client-flows/grants.ts.
 * (contract) `POST /api/v1/login/flow` → `{ poll: { token, endpoint }, login }`;
 * the client opens `login` in a browser and polls `endpoint` with `token=`.
 */

export const LOGIN_FLOW_PAGE = "/connect";
export const LOGIN_FLOW_POLL_PATH = "/api/v1/login/flow/poll";

export type LoginFlowStart = { poll: { token: string; endpoint: string }; login: string };

export async function startLoginFlow(server: string, name: unknown, meta: ClientMeta): Promise<Result<LoginFlowStart>> {
  const pollToken = randomToken();
  const pageToken = randomToken();
  const started = await startGrant("login_flow", { name, meta, pollToken, pageHash: pageKeyHash("login_flow", pageToken), matchCode: matchCodeFor(pollToken) });
  if (!started.ok) return started;
  return { ok: true, data: { poll: { token: pollToken, endpoint: `${server}${LOGIN_FLOW_POLL_PATH}` }, login: `${server}${LOGIN_FLOW_PAGE}/${pageToken}` } };
}

/**
 * "Connect a device" on the settings page: a Login Flow started by the signed-in
 * user for a phone app. Its QR code (connectUri) carries the poll token and the
 * `login` URL: the app polls like any client and opens `login` in the phone's
 * browser, where the user signs in and grants on the usual grant page. The
 * settings page follows the flow (grantStatus) and can open the same grant page
 * itself (`review`). The grant is bound to its owner: the page token in the QR
 * code is worth nothing to another account (pendingGrant, decideGrant), and the
 * poll token never appears in the login URL.
 */
export async function startConnectFlow(
  server: string,
  userId: string,
): Promise<Result<{ id: string; uri: string; login: string; review: string; matchCode: string }>> {
  const pollToken = randomToken();
  const pageToken = randomToken();
  const matchCode = matchCodeFor(pollToken);
  const started = await startGrant("login_flow", {
    name: "Device connected by QR code",
    meta: { ip: null, userAgent: null },
    pollToken,
    pageHash: pageKeyHash("login_flow", pageToken),
    matchCode,
    ownerId: userId,
  });
  if (!started.ok) return started;
  const review = `${LOGIN_FLOW_PAGE}/${pageToken}`;
  const login = `${server}${review}`;
  return { ok: true, data: { id: started.data.id, uri: connectUri({ server, token: pollToken, login }), login, review, matchCode } };
}

/** The login page's token as it appears in the URL: 32 random bytes, base64url. */
export function isPageToken(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}
