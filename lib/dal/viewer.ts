import "server-only";
import "@/lib/plugins"; // the composition root: hands the core its providers
import { notFound, redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/session";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { isSetUp } from "@/lib/users";

/**
 * The data-access layer's view of "who is asking", for pages and server actions.
 * Every page and action calls one of these; proxy.ts only redirects early.
 */

export type Viewer = {
  id: string;
  login: string;
  displayName: string;
  email: string | null;
  isAdmin: boolean;
  tokenId: number;
};

export async function getViewer(): Promise<Viewer | null> {
  const session = await currentSession();
  if (!session) return null;
  const { user, token } = session;
  return { id: user.id, login: user.login, displayName: user.displayName, email: user.email, isAdmin: user.isAdmin, tokenId: token.id };
}

/**
 * The signed-in user, or a redirect: to the second-factor challenge while a
 * sign-in waits for it, to /setup on a new instance, else to /login.
 */
export async function requireViewer(returnTo: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (viewer) return viewer;
  const next = encodeURIComponent(returnTo);
  if (await currentPendingLogin()) redirect(`/login/challenge?next=${next}`);
  if (!(await isSetUp())) redirect("/setup");
  redirect(`/login?next=${next}`);
}

/** Admin pages and actions: anyone else gets a plain 404, as if nothing were there. */
export async function requireAdmin(returnTo: string): Promise<Viewer> {
  const viewer = await requireViewer(returnTo);
  if (!viewer.isAdmin) notFound();
  return viewer;
}
