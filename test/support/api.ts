import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { sessionCookieName } from "@/lib/auth/cookies";
import { CLIENT_IP_HEADER } from "@/lib/auth/request-meta";
import { META } from "@/test/support/factories";
import { jwtSecret } from "@/lib/auth/session-cookie";

/** Calling route handlers in-process, as Next would, with our server's client-address header. */

export const CLIENT_IP = "198.51.100.23";

export function basic(login: string, secret: string): string {
  return `Basic ${Buffer.from(`${login}:${secret}`, "utf8").toString("base64")}`;
}

export function bearer(secret: string): string {
  return `Bearer ${secret}`;
}

/** The session cookie next-auth would set for a session secret. */
export async function sessionCookie(sid: string): Promise<string> {
  const value = await encode({ token: { sid }, secret: jwtSecret(), salt: sessionCookieName() });
  return `${sessionCookieName()}=${value}`;
}

export function apiRequest(
  method: string,
  path: string,
  options: { authorization?: string; cookie?: string; body?: string; userAgent?: string; ip?: string } = {},
): NextRequest {
  // The per-test client address (test/support/setup-env.ts), so throttling in one test never reaches another.
  const headers = new Headers({ [CLIENT_IP_HEADER]: options.ip ?? META.ip ?? CLIENT_IP, "user-agent": options.userAgent ?? "TestClient/1.0" });
  if (options.authorization !== undefined) headers.set("authorization", options.authorization);
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  return new NextRequest(`http://localhost${path}`, { method, headers, body: options.body });
}

/** A response's status and parsed JSON body (null when empty). */
export async function read(response: Response): Promise<{ status: number; body: Record<string, unknown> | null; text: string; headers: Headers }> {
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null, text, headers: response.headers };
}
