"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { clientMeta } from "@/lib/auth/request-meta";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { boundText, calledAsForm, echo, formText, type FormState } from "@/lib/forms";
import { findMessageCodeProvider } from "@/lib/providers/message-code";
import { disableForUser, finishSetup, startSetup } from "@/lib/providers/message-code/setup";
import { activeProviders } from "@/lib/two-factor/provider-set";

/**
 * The settings panel's actions for every message-code provider. Each re-checks
 * the session and sudo mode, and that the provider (a bound argument, so
 * client-supplied) is installed and not switched off by the admin.
 */

export type SendState = FormState | { ok: true; message: string; masked: string };

async function target(providerId: string) {
  const provider = findMessageCodeProvider(providerId);
  if (!provider || !(await activeProviders()).some((p) => p.id === provider.id)) return null;
  return { channel: provider.channel, providerId: provider.id };
}

/** Step 1 (sudo): sends a verification code to the recipient the user entered. */
export async function sendSetupCodeAction(providerId: string, _prev: SendState, form: FormData): Promise<SendState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form, [boundText, providerId])) return failure("invalid_input");
  const t = await target(providerId);
  if (!t) return failure("not_found");
  const recipient = formText(form, "recipient");
  const result = await startSetup(t, guard.session.user.id, recipient);
  if (!result.ok) return { ...result, values: echo({ recipient }) };
  return { ok: true, message: `We sent a code to ${result.data.masked}.`, masked: result.data.masked };
}

/** Step 2 (sudo): the code from the message turns the provider on for that recipient. */
export async function confirmSetupCodeAction(providerId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form, [boundText, providerId])) return failure("invalid_input");
  const t = await target(providerId);
  if (!t) return failure("not_found");
  const result = await finishSetup(t, guard.session.user.id, formText(form, "code"), clientMeta(await headers()));
  if (!result.ok) return result;
  revalidatePath("/settings/security");
  return { ok: true, message: `${t.channel.displayName} codes are on. They go to ${result.data.masked}.` };
}

/** Turns the provider off (sudo) and forgets the recipient. */
export async function disableMessageCodeAction(providerId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form, [boundText, providerId])) return failure("invalid_input");
  const provider = findMessageCodeProvider(providerId);
  if (!provider) return failure("not_found");
  await disableForUser({ channel: provider.channel, providerId: provider.id }, guard.session.user.id, { meta: clientMeta(await headers()) });
  revalidatePath("/settings/security");
  return { ok: true, message: `${provider.displayName} codes are off.` };
}
