import "server-only";
import { cookies, headers } from "next/headers";

/**
 * Next's `cookies()` and `headers()`, or null once the browser has hung up.
 *
 * When the client closes its connection while a request is being worked on (a
 * sign-in waiting out argon2, say), Next moves the request into its `after()`
 * phase and from then on refuses `cookies()` and `headers()` ("used `cookies()`
 * inside `after()`"), and refuses to set cookies. Nobody is there to read the
 * page or receive a cookie, so that is a normal event, not a server error: the
 * callers read nothing and write nothing. Matched on Next's messages; should
 * they change, the event is merely logged again.
 */
export async function requestCookies(): Promise<Awaited<ReturnType<typeof cookies>> | null> {
  try {
    return await cookies();
  } catch (error) {
    if (clientWentAway(error)) return null;
    throw error;
  }
}

export async function requestHeaders(): Promise<Awaited<ReturnType<typeof headers>> | null> {
  try {
    return await headers();
  } catch (error) {
    if (clientWentAway(error)) return null;
    throw error;
  }
}

export function clientWentAway(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.message.startsWith("Cookies can only be modified in a Server Action or Route Handler") ||
    /used `(cookies|headers)\(\)` inside `after\(\)`/.test(error.message)
  );
}
