import "server-only";
import { currentSession } from "@/lib/auth/session";
import { failure, type Failure } from "@/lib/errors";
import type { Authenticated } from "@/lib/auth/session";

/**
 * The first line of every admin server action: a live session of an enabled
 * admin, re-checked on every call. Anyone else gets "not found", as for the page.
 */
export async function adminActionSession(): Promise<{ session: Authenticated } | { failure: Failure }> {
  const session = await currentSession();
  if (!session || !session.user.isAdmin) return { failure: failure("not_found") };
  return { session };
}
