import "server-only";
import "@/lib/plugins"; // the composition root: hands the core its providers
import { currentSession } from "@/lib/auth/session";
import { stepUpOffer, type StepUpOffer } from "@/lib/auth/step-up";
import { appAskingMore, stepUpPath } from "@/lib/forward-auth/step-up";
import { meetsAssurance, parseMethods } from "@/lib/two-factor/assurance";

/**
 * The step-up page's view of this browser: signed out (go and sign in), already
 * phishing resistant (go on), or what to offer — the user's keys for this session,
 * or the news that there is none yet. `app`: the protected app `next` leads to
 * when it is what asks for more.
 */
export type StepUpScreen = { kind: "signed_out" } | { kind: "done" } | ({ app: string | null; login: string } & StepUpOffer);

export async function stepUpScreen(next: string): Promise<StepUpScreen> {
  const session = await currentSession();
  if (!session) return { kind: "signed_out" };
  if (meetsAssurance(parseMethods(session.token.methods), "phishing_resistant")) return { kind: "done" };
  const [app, offer] = await Promise.all([appAskingMore(next, session.token.methods), stepUpOffer(session)]);
  return { app, login: session.user.login, ...offer };
}

/** Where a signed-in browser goes for `next`: there, or first to step-up when `next` is an app its session falls short of. */
export async function signedInDestination(next: string): Promise<string> {
  const session = await currentSession();
  if (!session) return next;
  return (await appAskingMore(next, session.token.methods)) ? stepUpPath(next) : next;
}
