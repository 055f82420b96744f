import "server-only";
import { decode } from "next-auth/jwt";
import { sessionCookieName } from "@/lib/auth/cookies";
import { deriveKey } from "@/lib/crypto/keys";

/** The secret next-auth encrypts its JWT with, derived from the instance secret. */
export function jwtSecret(): string {
  return deriveKey("auth-jwt").toString("base64url");
}

/** The session secret (`sid`) inside a session cookie, or null if it does not decrypt. */
export async function readSessionCookie(value: string | undefined): Promise<string | null> {
  if (!value || value.length > 4096) return null;
  try {
    const payload = await decode({ token: value, secret: jwtSecret(), salt: sessionCookieName() });
    return typeof payload?.sid === "string" ? payload.sid : null;
  } catch {
    return null;
  }
}
