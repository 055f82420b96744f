import type { NextRequest } from "next/server";
import { serverUrl } from "@/lib/auth/login-uri";
import { clientMeta } from "@/lib/auth/request-meta";
import { tooManyRequestsResponse } from "@/lib/auth/throttle";
import { startLoginFlow } from "@/lib/client-flows/login-flow";
import { readFields } from "@/lib/client-flows/request-body";
import { errorResponse } from "@/lib/errors";

/**
 * (contract) Login Flow v2: `POST /api/v1/login/flow` → `{ "poll": { "token",
 * "endpoint" }, "login" }`. No credentials: anyone may ask; only a signed-in
 * user's grant makes it worth anything. An optional `name` names the client
 * (else its User-Agent). docs/clients.md.
 */

const NO_STORE = { "Cache-Control": "no-store" };

export async function POST(request: NextRequest): Promise<Response> {
  const body = await readFields(request);
  if (!body.ok) return errorResponse("invalid_input", { message: body.message, headers: NO_STORE });
  const started = await startLoginFlow(serverUrl(request.headers), body.fields.name, clientMeta(request.headers));
  if (!started.ok) return tooManyRequestsResponse(60);
  return Response.json(started.data, { headers: NO_STORE });
}
