"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { createAppPassword, renameAppPassword } from "@/lib/auth/app-passwords";
import { revokeDevice, revokeOtherSessions, tokenIdInput } from "@/lib/auth/devices";
import { loginUri, qrCodeDataUrl, serverUrl } from "@/lib/auth/login-uri";
import { clientMeta } from "@/lib/auth/request-meta";
import { actionSession } from "@/lib/dal/guard";
import { endCurrentSession } from "@/lib/dal/session-actions";
import { failure } from "@/lib/errors";
import { calledAsForm, echo, formText, type FormState } from "@/lib/forms";

/**
 * The devices section's actions. Each re-checks the session; revoking and
 * renaming go by token id and only ever match the signed-in user's own rows.
 * No action returns a token secret, except creation's one-time reveal.
 */

const PAGE = "/settings/security";

export async function revokeDeviceAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const { user, token } = guard.session;
  const id = formText(form, "id");
  // Revoking this very session is signing out.
  if (tokenIdInput.safeParse(id).data === token.id) await endCurrentSession("/login?notice=signed-out");
  const result = await revokeDevice(user.id, id, { meta: clientMeta(await headers()) });
  // Either way the list is re-read: a token revoked elsewhere disappears from it too.
  revalidatePath(PAGE);
  if (!result.ok) return result;
  return { ok: true, message: result.data.type === "app_password" ? "App password revoked." : "Session signed out." };
}

export async function revokeOtherSessionsAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const { user, token } = guard.session;
  const count = await revokeOtherSessions(user.id, token.id, clientMeta(await headers()));
  revalidatePath(PAGE);
  return {
    ok: true,
    message: `${count === 1 ? "Signed out 1 other session." : `Signed out ${count} other sessions.`} No browser skips the second factor any more.`,
  };
}

export async function renameAppPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const name = formText(form, "name");
  const id = tokenIdInput.safeParse(formText(form, "id"));
  const result = id.success
    ? await renameAppPassword(guard.session.user.id, id.data, name, clientMeta(await headers()))
    : { ok: false as const, error: "not_found" as const, message: "No such app password." };
  if (!result.ok) return { ...result, values: echo({ name }) };
  revalidatePath(PAGE);
  return { ok: true, message: "Renamed." };
}

export type AppPasswordReveal = { name: string; login: string; password: string; uri: string; qrCode: string };
export type CreateAppPasswordState = FormState | { ok: true; reveal: AppPasswordReveal };

/** Sensitive (sudo): creating a way in. Answers with the password once. */
export async function createAppPasswordAction(_prev: CreateAppPasswordState, form: FormData): Promise<CreateAppPasswordState> {
  if (!calledAsForm(form)) return failure("invalid_input");
  const name = formText(form, "name");
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return { ...guard.failure, values: echo({ name }) };
  const { user } = guard.session;
  const h = await headers();
  const apps = form
    .getAll("apps")
    .filter((a): a is string => typeof a === "string")
    .slice(0, 50);
  const result = await createAppPassword(
    user.id,
    { name, scope: formText(form, "scope") || undefined, apps: apps.length ? apps : undefined, expiresInDays: formText(form, "expiresInDays") },
    { audit: clientMeta(h), origin: "settings" },
  );
  if (!result.ok) return { ...result, values: echo({ name }) };
  const uri = loginUri(user.login, result.data.secret, serverUrl(h));
  revalidatePath(PAGE);
  return { ok: true, reveal: { name: result.data.name, login: user.login, password: result.data.secret, uri, qrCode: await qrCodeDataUrl(uri) } };
}
