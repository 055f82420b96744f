import type { NextRequest } from "next/server";
import { serverUrl } from "@/lib/auth/login-uri";
import { clientMeta } from "@/lib/auth/request-meta";
import { tooManyRequestsResponse } from "@/lib/auth/throttle";
import { startDeviceGrant } from "@/lib/client-flows/device-grant";
import { readFields } from "@/lib/client-flows/request-body";
import { oauthError } from "@/lib/client-flows/oauth-errors";

/**
 * (contract) RFC 8628 §3.1–3.2: `POST /api/v1/device/code` → `{ device_code,
 * user_code, verification_uri, verification_uri_complete, expires_in, interval }`.
 * There is no client registry: `client_id` (or `name`) only names the client on
 * the grant page, next to its User-Agent and address.
 */

export async function POST(request: NextRequest): Promise<Response> {
  const body = await readFields(request);
  if (!body.ok) return oauthError("invalid_request", body.message);
  const started = await startDeviceGrant(serverUrl(request.headers), body.fields.name ?? body.fields.client_id, clientMeta(request.headers));
  if (!started.ok) return tooManyRequestsResponse(60);
  return Response.json(started.data, { headers: { "Cache-Control": "no-store" } });
}
