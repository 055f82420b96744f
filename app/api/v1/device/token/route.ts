import type { NextRequest } from "next/server";
import { isThrottled } from "@/lib/auth/attempts";
import { clientMeta } from "@/lib/auth/request-meta";
import { throttled, tooManyRequestsResponse } from "@/lib/auth/throttle";
import { DEVICE_GRANT_TYPE } from "@/lib/client-flows/device-grant";
import { collectGrant } from "@/lib/client-flows/grants";
import { oauthError } from "@/lib/client-flows/oauth-errors";
import { readFields } from "@/lib/client-flows/request-body";

/**
 * (contract) RFC 8628 §3.4–3.5: `POST /api/v1/device/token` with
 * `grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=…` →
 * `authorization_pending` | `slow_down` (interval +5 s) | `access_denied` |
 * `expired_token` (400s), or once `{ access_token, token_type: "Bearer" }`
 * where the token is a new app password. Unknown device codes count against
 * the address (lib/auth/throttle.ts).
 */

export async function POST(request: NextRequest): Promise<Response> {
  const body = await readFields(request);
  if (!body.ok) return oauthError("invalid_request", body.message);
  const { grant_type: grantType, device_code: deviceCode } = body.fields;
  if (grantType !== DEVICE_GRANT_TYPE) return oauthError(grantType ? "unsupported_grant_type" : "invalid_request");
  if (!deviceCode || deviceCode.length > 128) return oauthError("invalid_request", "device_code is missing.");
  const meta = clientMeta(request.headers);
  const polled = await throttled("client_poll", { address: meta.ip }, async () => {
    const collected = await collectGrant("device", deviceCode, meta);
    return { ok: collected.state !== "unknown", collected };
  });
  if (isThrottled(polled)) return tooManyRequestsResponse(polled.retryAfter);
  const { collected } = polled;
  switch (collected.state) {
    case "issued":
      return Response.json({ access_token: collected.appPassword, token_type: "Bearer" }, { headers: { "Cache-Control": "no-store", Pragma: "no-cache" } });
    case "pending":
      return oauthError("authorization_pending");
    case "slow_down":
      return oauthError("slow_down", `Polling too fast: wait ${collected.interval} seconds between requests.`);
    case "denied":
      return oauthError("access_denied");
    case "expired":
      return oauthError("expired_token");
    default:
      return oauthError("invalid_grant");
  }
}
