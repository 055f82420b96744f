"use server";
import { revalidatePath } from "next/cache";
import { addApp, removeApp } from "@/lib/apps/protected-apps";
import { adminActionSession } from "@/lib/dal/admin";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, echo, formFlag, formText, type FormState } from "@/lib/forms";

/**
 * Protected apps (forward auth): adding and removing change who reaches other
 * apps, so both need a live admin session in sudo mode (the user sudo of
 * lib/auth/sudo.ts, as settings actions use it). The same functions as
 * `app:add` / `app:remove`; each change goes to the security log with the admin.
 */

const PAGE = "/admin/security";

/** An admin first (anyone else: "not found", as for the page), then sudo mode. */
async function adminInSudo() {
  const admin = await adminActionSession();
  if ("failure" in admin) return admin;
  return actionSession({ sudo: true });
}

/** Comma- or space-separated names from one text field (groups, logins). */
const names = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, 200);

export async function addAppAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!calledAsForm(form)) return failure("invalid_input");
  const typed = { name: formText(form, "name"), url: formText(form, "url"), groups: formText(form, "groups"), users: formText(form, "users") };
  const guard = await adminInSudo();
  if ("failure" in guard) return { ...guard.failure, values: echo(typed) };
  const clients = formText(form, "clients") || "full";
  const added = await addApp(
    {
      name: typed.name,
      url: typed.url,
      allowGroups: names(typed.groups),
      allowUsers: names(typed.users),
      clients: clients as "full",
      public: formFlag(form, "public"),
      require: formFlag(form, "phishing_resistant") ? "phishing_resistant" : null,
    },
    guard.session.user.login,
  );
  if (!added.ok) return { ...added, values: echo(typed) };
  revalidatePath(PAGE);
  return { ok: true, message: `${added.data.name} is protected at ${added.data.url}.` };
}

export async function removeAppAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!calledAsForm(form)) return failure("invalid_input");
  const guard = await adminInSudo();
  if ("failure" in guard) return guard.failure;
  const name = formText(form, "name");
  const removed = await removeApp(name, guard.session.user.login);
  revalidatePath(PAGE);
  return removed.ok ? { ok: true, message: `${name.slice(0, 64)} removed.` } : removed;
}
