import "server-only";
import { currentSession } from "@/lib/auth/session";
import { pendingApprovals, type PendingApproval } from "@/lib/providers/device-approval/store";

/** The signed-in user's approval requests waiting for an answer (resolved from the session only). */
export async function myPendingApprovals(): Promise<PendingApproval[]> {
  const session = await currentSession();
  return session ? pendingApprovals(session.user.id) : [];
}
