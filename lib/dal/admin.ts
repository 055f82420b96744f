import "server-only";
import { currentSession } from "@/lib/auth/session";
import { requireSudo } from "@/lib/auth/sudo";
import { failure, type Failure } from "@/lib/errors";
import type { Authenticated } from "@/lib/auth/session";

/**
 * The first line of every admin server action: a live session of an enabled
 * admin, re-checked on every call. Anyone else gets "not found", as for the page.
 *
 * Then sudo mode, for every admin action without exception: the admin's own
 * password (or sign-in) at most 15 minutes old (lib/auth/sudo.ts), so a stolen
 * admin browser cannot take over accounts. The form answers `sudo_required` with
 * the confirm-it's-you dialog and sends the same input again. The CLI never comes
 * through here: it runs on the server and calls lib/ directly.
 */
export async function adminActionSession(): Promise<{ session: Authenticated } | { failure: Failure }> {
  const session = await currentSession();
  if (!session || !session.user.isAdmin) return { failure: failure("not_found") };
  const refused = requireSudo(session.token);
  if (refused && !refused.ok) return { failure: refused };
  return { session };
}
