"use server";
import { headers } from "next/headers";
import "@/lib/plugins"; // the composition root: hands the core its providers
import { redirect } from "next/navigation";
import { passwordStep } from "@/lib/auth/login";
import { safeReturnTo } from "@/lib/forward-auth/return-to";
import { clientMeta } from "@/lib/auth/request-meta";
import { completeSignIn, readDeviceCookie, setChallengeCookie, setDeviceCookie } from "@/lib/auth/sign-in";
import { failure } from "@/lib/errors";
import { calledAsForm, echo, formFlag, formText, type FormState } from "@/lib/forms";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { readTrustCookie } from "@/lib/auth/trust-cookie";
import { skippingTrustedChallenge } from "@/lib/two-factor/trusted-browsers";

export async function loginAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!calledAsForm(form)) return failure("invalid_input");
  const login = formText(form, "login");
  const next = await safeReturnTo(formText(form, "next"));
  const remember = formFlag(form, "remember");
  const meta = clientMeta(await headers());

  const deviceCookie = await readDeviceCookie();
  // A trusted browser (issue #19) skips the second factor, never this password.
  const requirement = skippingTrustedChallenge(loginRequirement, await readTrustCookie(), meta);
  const result = await passwordStep({ login, password: formText(form, "password"), remember }, meta, requirement, { deviceCookie });
  if (!result.ok) return { ...result, values: echo({ login }) };
  await setDeviceCookie(login);

  const { challenge, then } = result.data;
  if (then !== "none") {
    await setChallengeCookie(challenge);
    redirect(`/login/${then}?next=${encodeURIComponent(next)}`);
  }
  if (!(await completeSignIn(challenge, remember))) return { ...failure("challenge_missing"), values: echo({ login }) };
  redirect(next);
}
