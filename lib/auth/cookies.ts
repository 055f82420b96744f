import "server-only";
import { env } from "@/lib/env";

/**
 * Cookie names and flags. Over https (PUBLIC_URL https://…) cookies get Secure and
 * the `__Host-` prefix, which pins them to this host and path "/".
 */
export function secureCookies(): boolean {
  return env().publicUrl?.startsWith("https://") ?? false;
}

function named(base: string): string {
  return secureCookies() ? `__Host-${base}` : base;
}

export const sessionCookieName = () => named("gatehouse-session");
export const challengeCookieName = () => named("gatehouse-challenge");

export function cookieOptions(maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: secureCookies(),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/**
 * What to pass to `cookies().delete()`: the same flags as when set. Browsers
 * ignore a `__Host-` cookie's deletion unless it too is Secure with Path=/.
 */
export function deletedCookie(name: string) {
  return { name, ...cookieOptions() };
}
