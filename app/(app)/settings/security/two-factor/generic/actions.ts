"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { clientMeta } from "@/lib/auth/request-meta";
import { settableProvider } from "@/lib/dal/two-factor";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { boundText, calledAsForm, formText, setupFields, type FormState } from "@/lib/forms";
import { findProvider } from "@/lib/two-factor/registry";
import { turnProviderOff } from "@/lib/two-factor/turn-off";
import type { ProviderContext, SecondFactorProvider, SetupView } from "@/lib/two-factor/types";

/**
 * The generic settings panel's actions, for any provider with `setup` (and
 * no panel of its own): begin shows its SetupView, finish hands the answer and
 * the view's fields to `setup.finish`, turn-off goes through the core. Each
 * re-checks the session and sudo mode, and the provider (a bound argument).
 */

export type SetupState = FormState | { ok: true; view: SetupView };

export async function beginFactorSetupAction(providerId: string, _prev: SetupState, form: FormData): Promise<SetupState> {
  const request = await setupRequest(providerId, form);
  if ("failure" in request) return request.failure;
  const { provider, setup, ctx } = request;
  try {
    return { ok: true, view: await setup.begin(ctx) };
  } catch (error) {
    console.error(`provider "${provider.id}" could not start set-up:`, (error as Error).message);
    return failure("invalid_input", `${provider.displayName} cannot be set up right now.`);
  }
}

export async function finishFactorSetupAction(providerId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const request = await setupRequest(providerId, form);
  if ("failure" in request) return request.failure;
  const { provider, setup, ctx } = request;
  const result = await setup.finish(ctx, formText(form, "code").slice(0, 256), setupFields(form));
  if (!result.ok) return failure("invalid_input", result.message ?? "That is not right.");
  revalidatePath("/settings/security");
  return { ok: true, message: `${provider.displayName} is set up.` };
}

export async function turnOffFactorAction(providerId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form, [boundText, providerId])) return failure("invalid_input");
  const provider = findProvider(providerId);
  if (!provider) return failure("not_found");
  await turnProviderOff(guard.session.user.id, provider, { meta: clientMeta(await headers()) });
  revalidatePath("/settings/security");
  return { ok: true, message: `${provider.displayName} is turned off.` };
}

/** What begin and finish both check first: the session in sudo mode, the form, and a provider that may be set up now. */
type SetupRequest = { failure: FormState } | { provider: SecondFactorProvider; setup: NonNullable<SecondFactorProvider["setup"]>; ctx: ProviderContext };

async function setupRequest(providerId: string, form: FormData): Promise<SetupRequest> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return { failure: guard.failure };
  if (!calledAsForm(form, [boundText, providerId])) return { failure: failure("invalid_input") };
  const provider = await settableProvider(providerId);
  if (!provider?.setup) return { failure: failure("not_found") };
  const { user } = guard.session;
  return { provider, setup: provider.setup, ctx: { userId: user.id, login: user.login, meta: clientMeta(await headers()) } };
}
