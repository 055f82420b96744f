"use server";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { clientMeta } from "@/lib/auth/request-meta";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, formFlag, formText, type FormState } from "@/lib/forms";
import { registerKey, registrationOptions } from "@/lib/providers/webauthn/ceremony";
import { keyName, removeKey, renameKey } from "@/lib/providers/webauthn/keys";

export type KeyOptionsState = FormState | { ok: true; options: object; name: string; passkey: boolean };

function nameOf(form: FormData): { ok: true; name: string } | { ok: false; message: string } {
  const parsed = keyName.safeParse(formText(form, "name"));
  return parsed.success ? { ok: true, name: parsed.data } : { ok: false, message: parsed.error.issues[0]?.message ?? "Give the key a name." };
}

/** Adding a key, step 1 (sudo): the options for the browser's navigator.credentials.create. */
export async function keyOptionsAction(_prev: KeyOptionsState, form: FormData): Promise<KeyOptionsState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const name = nameOf(form);
  if (!name.ok) return failure("invalid_input", name.message, { name: name.message });
  const passkey = formFlag(form, "passkey");
  const { user } = guard.session;
  const options = await registrationOptions({ id: user.id, login: user.login, displayName: user.displayName }, passkey);
  return { ok: true, options, name: name.name, passkey };
}

/** Adding a key, step 2 (sudo): the browser's answer, checked and stored under its name. */
export async function addKeyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const name = nameOf(form);
  if (!name.ok) return failure("invalid_input", name.message);
  const meta = clientMeta(await headers());
  const result = await registerKey(guard.session.user.id, formText(form, "response"), name.name, formFlag(form, "passkey"), meta);
  if (!result.ok) return failure("invalid_input", result.message);
  revalidatePath("/settings/security");
  return { ok: true, message: `“${name.name}” is added.` };
}

export async function renameKeyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const name = nameOf(form);
  if (!name.ok) return failure("invalid_input", name.message, { name: name.message });
  const renamed = await renameKey(guard.session.user.id, formText(form, "id"), name.name, clientMeta(await headers()));
  if (!renamed) return failure("not_found");
  revalidatePath("/settings/security");
  return { ok: true, message: "Renamed." };
}

/** Removes one key (sudo); its next answer is refused. The last one turns the factor off. */
export async function removeKeyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const removed = await removeKey(guard.session.user.id, formText(form, "id").slice(0, 64), clientMeta(await headers()));
  if (!removed) return failure("not_found");
  revalidatePath("/settings/security");
  return { ok: true, message: "The key is removed." };
}
