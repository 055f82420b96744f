import Link from "next/link";
import { myPendingApprovals } from "@/lib/dal/approvals";

/** On every signed-in page: a new sign-in is waiting for this account's approval (issue #19). */
export async function ApprovalBanner() {
  const waiting = await myPendingApprovals();
  if (waiting.length === 0) return null;
  return (
    <div role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
      A new sign-in from {waiting[0]!.browser} is waiting for your approval.{" "}
      <Link href="/settings/security/approve" className="font-semibold underline">
        Is this you?
      </Link>
    </div>
  );
}
