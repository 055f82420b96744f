import "@/lib/plugins"; // the composition root: hands the core its providers
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { APPROVAL_ID, requestOf, statusOf } from "@/lib/providers/device-approval/store";
import { offeredProviders } from "@/lib/two-factor/challenge-flow";

/** What the waiting page polls (every 2 s): where this browser's approval request stands. Nothing else, and only for its own sign-in. */
export async function GET(): Promise<Response> {
  const pending = await currentPendingLogin();
  if (!pending || !offeredProviders(pending).some((p) => p.id === APPROVAL_ID))
    return Response.json({ status: "gone" }, { status: 404, headers: { "cache-control": "no-store" } });
  const status = statusOf(await requestOf(pending.challenge.id));
  return Response.json({ status }, { headers: { "cache-control": "no-store" } });
}
