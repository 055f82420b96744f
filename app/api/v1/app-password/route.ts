import type { NextRequest } from "next/server";
import { z } from "zod";
import { APP_PASSWORD_SCOPES, createAppPassword } from "@/lib/auth/app-passwords";
import { revokeDevice } from "@/lib/auth/devices";
import { authenticateRequest, refusal } from "@/lib/auth/request";
import { clientMeta } from "@/lib/auth/request-meta";
import { errorResponse } from "@/lib/errors";

/**
 * Client API for app passwords (Nextcloud's getapppassword / apppassword):
 * - POST: a client signed in with the login password (where that is still
 *   allowed) exchanges it for a new app password, returned once.
 * - DELETE: a client revokes the app password it authenticated with (log out).
 */

const NO_STORE = { "Cache-Control": "no-store" };
const MAX_BODY = 16 * 1024;

const body = z.object({
  name: z.string().optional(),
  scope: z.enum(APP_PASSWORD_SCOPES).optional(),
  apps: z.array(z.string()).optional(),
  // Days it lasts (30, 90, 365); left out: never (or the admin's maximum).
  expiresInDays: z.number().optional(),
});

export async function POST(request: NextRequest): Promise<Response> {
  const auth = await authenticateRequest(request);
  if (!auth.ok) return refusal(auth);
  if (auth.via !== "password") {
    return errorResponse("forbidden", {
      message: auth.via === "app_password" ? "This client already uses an app password." : "Create app passwords on the security settings page.",
      headers: NO_STORE,
    });
  }
  const input = await readBody(request);
  if (!input.ok) return errorResponse("invalid_input", { message: input.message, headers: NO_STORE });
  const meta = clientMeta(request.headers);
  const name = input.data.name ?? defaultName(meta.userAgent);
  const created = await createAppPassword(
    auth.user.id,
    { name, scope: input.data.scope, apps: input.data.apps, expiresInDays: input.data.expiresInDays },
    { client: meta, origin: "api" },
  );
  if (!created.ok) return errorResponse(created.error, { message: created.message, headers: NO_STORE });
  const { id, secret, scope, apps } = created.data;
  return Response.json({ login: auth.user.login, appPassword: secret, tokenId: id, name: created.data.name, scope, apps }, { status: 201, headers: NO_STORE });
}

export async function DELETE(request: NextRequest): Promise<Response> {
  // Logging out only takes access away: a read-only app password may do it too.
  const auth = await authenticateRequest(request, { readOnlyAllowed: true });
  if (!auth.ok) return refusal(auth);
  if (auth.via !== "app_password" || !auth.token) {
    return errorResponse("forbidden", { message: "Only an app password can revoke itself here.", headers: NO_STORE });
  }
  const revoked = await revokeDevice(auth.user.id, auth.token.id, { meta: clientMeta(request.headers) });
  if (!revoked.ok) return refusal({ error: "invalid_credentials", message: "Unknown or revoked app password." });
  return new Response(null, { status: 204, headers: NO_STORE });
}

type Body = z.infer<typeof body>;

async function readBody(request: NextRequest): Promise<{ ok: true; data: Body } | { ok: false; message: string }> {
  const text = await request.text();
  if (text.length > MAX_BODY) return { ok: false, message: "The request body is too large." };
  if (text.trim() === "") return { ok: true, data: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: "The request body is not valid JSON." };
  }
  const parsed = body.safeParse(json);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : {
        ok: false,
        message: 'Expected a JSON object: { "name"?: string, "scope"?: "full" | "read_only", "apps"?: [app names], "expiresInDays"?: 30 | 90 | 365 }.',
      };
}

/** The client's user agent, made a valid one-line name; or a generic one. */
function defaultName(userAgent: string | null): string {
  const cleaned = (userAgent ?? "")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .trim()
    .slice(0, 100);
  return cleaned || "API client";
}
