import "server-only";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { throttled, type Clock } from "@/lib/auth/throttle";
import type { Result } from "@/lib/errors";
import { createUser, type CreatedUser, type NewUser } from "@/lib/users";

/**
 * The /setup page's one job: create the first admin, throttled per address (each
 * refused try costs a password hash, and nobody needs more than a few). Recorded
 * in the security log with the account, in the same transaction.
 */
export async function setUpFirstAdmin(input: NewUser, meta: ClientMeta, options: { clock?: Clock } = {}): Promise<Result<CreatedUser>> {
  return throttled("setup", { address: meta.ip }, () => createUser(input, { firstAdmin: true, meta }), options);
}
