import "server-only";
import "@/lib/plugins"; // the composition root: hands the core its providers
import { currentSession } from "@/lib/auth/session";
import { requireSudo } from "@/lib/auth/sudo";
import { failure, type Failure } from "@/lib/errors";
import type { Authenticated } from "@/lib/auth/session";

/**
 * The first line of every server action that changes security state: re-checks
 * the session (never trust the page that rendered the form) and, for sensitive
 * actions, sudo mode. Returns the session, or the failure to return to the form.
 */
export async function actionSession(options: { sudo?: boolean } = {}): Promise<{ session: Authenticated } | { failure: Failure }> {
  const session = await currentSession();
  if (!session) return { failure: failure("unauthenticated") };
  if (options.sudo) {
    const refused = requireSudo(session.token);
    if (refused && !refused.ok) return { failure: refused };
  }
  return { session };
}
