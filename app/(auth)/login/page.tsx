import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/ui/card";
import { returnParam, safeReturnTo } from "@/lib/forward-auth/return-to";
import { currentPendingLogin } from "@/lib/dal/pending-login";
import { signedInDestination } from "@/lib/dal/step-up";
import { getViewer } from "@/lib/dal/viewer";
import { isSetUp } from "@/lib/users";
import { passkeySignInEnabled } from "@/lib/providers/webauthn/passkey";
import { LoginForm } from "./login-form";
import { passkeySignInAction } from "./passkey-actions";
import { PasskeySignIn } from "./passkey-sign-in";

export const metadata: Metadata = { title: "Sign in" };

const notices: Record<string, string> = {
  expired: "Your sign-in took too long or was cancelled. Sign in again.",
  "signed-out": "You are signed out.",
  locked: "Too many wrong codes. Sign in again with your password.",
  cancelled: "Sign-in cancelled.",
  "password-changed": "Your password was changed. Sign in with the new one.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = await safeReturnTo(returnParam(params));
  if (!(await isSetUp())) redirect("/setup");
  // Signed in already: on to `next`, or first to step-up when `next` is an app that asks more of this session (an
  // nginx config sends such a browser here, and straight back would be a redirect loop).
  if (await getViewer()) redirect(await signedInDestination(next));
  if (await currentPendingLogin()) redirect(`/login/challenge?next=${encodeURIComponent(next)}`);
  // Own keys only: "?notice=constructor" must not find Object.prototype's.
  const notice = typeof params.notice === "string" && Object.hasOwn(notices, params.notice) ? notices[params.notice] : undefined;
  const passkeys = await passkeySignInEnabled();
  return (
    <AuthCard title="Sign in">
      <LoginForm next={next} notice={notice} passkeys={passkeys} />
      {passkeys ? <PasskeySignIn signIn={passkeySignInAction.bind(null, next)} /> : null}
    </AuthCard>
  );
}
