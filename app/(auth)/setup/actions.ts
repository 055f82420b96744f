"use server";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { startChallenge } from "@/lib/auth/challenge";
import { setUpFirstAdmin } from "@/lib/auth/first-admin";
import { clientMeta } from "@/lib/auth/request-meta";
import { completeSignIn } from "@/lib/auth/sign-in";
import { failure } from "@/lib/errors";
import type { FormState } from "@/lib/forms";
import { calledAsForm, echo, formText } from "@/lib/forms";

export async function setupAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!calledAsForm(form)) return failure("invalid_input");
  const values = { login: formText(form, "login"), displayName: formText(form, "displayName"), email: formText(form, "email") };
  const meta = clientMeta(await headers());
  const result = await setUpFirstAdmin({ ...values, displayName: values.displayName || undefined, password: formText(form, "password") }, meta);
  if (!result.ok) return { ...result, values: echo(values) };
  // Signed in straight away, as Nextcloud's installer does.
  const challenge = await startChallenge({ userId: result.data.id, remember: false, meta, verified: true });
  await completeSignIn(challenge, false);
  redirect("/");
}
