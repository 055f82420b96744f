import type { NextRequest } from "next/server";
import { authenticateRequest, BASIC_CHALLENGE } from "@/lib/auth/request";
import { errorResponse } from "@/lib/errors";

/** Who the client is signed in as, and how (contract: ../shared/design.md). */
export async function GET(request: NextRequest): Promise<Response> {
  const auth = await authenticateRequest(request);
  if (!auth.ok) return errorResponse(auth.error, { headers: BASIC_CHALLENGE });
  const { user, token, via } = auth;
  return Response.json(
    {
      user: { id: user.id, login: user.login, displayName: user.displayName },
      auth: { type: via, ...(token ? { tokenId: token.id } : {}) },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
