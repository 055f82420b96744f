import "server-only";
import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/next-auth";
import { currentSession } from "@/lib/auth/session";
import { deleteToken } from "@/lib/auth/tokens";

export async function endCurrentSession(redirectTo: string): Promise<never> {
  const session = await currentSession();
  if (session) await deleteToken({ id: session.token.id, userId: session.user.id });
  await signOut({ redirect: false });
  redirect(redirectTo);
}
