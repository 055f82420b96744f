"use server";
import { headers } from "next/headers";
import "@/lib/plugins"; // the composition root: hands the core its providers
import { redirect } from "next/navigation";
import { passwordStep } from "@/lib/auth/login";
import { safeNext } from "@/lib/auth/redirect";
import { clientMeta } from "@/lib/auth/request-meta";
import { completeSignIn, setChallengeCookie } from "@/lib/auth/sign-in";
import { failure } from "@/lib/errors";
import { calledAsForm, echo, formFlag, formText, type FormState } from "@/lib/forms";
import { loginRequirement } from "@/lib/two-factor/provider-set";

export async function loginAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!calledAsForm(form)) return failure("invalid_input");
  const login = formText(form, "login");
  const next = safeNext(formText(form, "next"));
  const remember = formFlag(form, "remember");
  const meta = clientMeta(await headers());

  const result = await passwordStep({ login, password: formText(form, "password"), remember }, meta, loginRequirement);
  if (!result.ok) return { ...result, values: echo({ login }) };

  const { challenge, then } = result.data;
  if (then !== "none") {
    await setChallengeCookie(challenge);
    redirect(`/login/${then}?next=${encodeURIComponent(next)}`);
  }
  if (!(await completeSignIn(challenge, remember))) return { ...failure("challenge_missing"), values: echo({ login }) };
  redirect(next);
}
