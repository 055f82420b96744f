import type { NextRequest } from "next/server";
import { isThrottled } from "@/lib/auth/attempts";
import { serverUrl } from "@/lib/auth/login-uri";
import { clientMeta } from "@/lib/auth/request-meta";
import { throttled, tooManyRequestsResponse } from "@/lib/auth/throttle";
import { collectGrant } from "@/lib/client-flows/grants";
import { readFields } from "@/lib/client-flows/request-body";
import { errorResponse } from "@/lib/errors";

/**
 * (contract) Login Flow v2's poll: `POST` with `token=<token>` → 404 until the
 * user grants, then once `{ "server", "loginName", "appPassword" }`, then 404
 * again (also when declined, expired or unknown: the client starts over).
 * Unknown tokens count against the address (lib/auth/throttle.ts): guessing
 * gets 429. A valid token never does — a pending flow polled faster than once a
 * second gets the same 404 (Nextcloud clients take any other status for an
 * error), and a granted one is handed out on the first poll after the grant.
 */

const NO_STORE = { "Cache-Control": "no-store" };

export async function POST(request: NextRequest): Promise<Response> {
  const body = await readFields(request);
  if (!body.ok) return errorResponse("invalid_input", { message: body.message, headers: NO_STORE });
  const token = body.fields.token;
  if (!token || token.length > 128) return errorResponse("invalid_input", { message: "Send the poll token as token=<token>.", headers: NO_STORE });
  const meta = clientMeta(request.headers);
  const polled = await throttled("client_poll", { address: meta.ip }, async () => {
    const collected = await collectGrant("login_flow", token, meta);
    return { ok: collected.state !== "unknown", collected };
  });
  if (isThrottled(polled)) return tooManyRequestsResponse(polled.retryAfter);
  const { collected } = polled;
  if (collected.state !== "issued") return errorResponse("not_found", { message: "No granted sign-in for this token (yet).", headers: NO_STORE });
  return Response.json({ server: serverUrl(request.headers), loginName: collected.login, appPassword: collected.appPassword }, { headers: NO_STORE });
}
