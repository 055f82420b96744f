import type { NextRequest } from "next/server";
import { authenticateRequest, refusal } from "@/lib/auth/request";

/** Who the client is signed in as, and how (contract: ../shared/design.md). */
export async function GET(request: NextRequest): Promise<Response> {
  const auth = await authenticateRequest(request);
  if (!auth.ok) return refusal(auth);
  const { user, token, via } = auth;
  return Response.json(
    {
      user: { id: user.id, login: user.login, displayName: user.displayName },
      auth: { type: via, ...(token ? { tokenId: token.id } : {}) },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
