"use server";
import { headers } from "next/headers";
import { isThrottled } from "@/lib/auth/attempts";
import { clientMeta } from "@/lib/auth/request-meta";
import { findDeviceGrant } from "@/lib/client-flows/device-grant";
import { decideGrant } from "@/lib/client-flows/grants";
import { isPageToken } from "@/lib/client-flows/login-flow";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, echo, formText, type FormState } from "@/lib/forms";

/**
 * Answering a client's sign-in request (Login Flow v2 or a device code). Granting
 * creates a way in, so it needs sudo like creating an app password; declining
 * does not. A device grant is named by its user code, which is looked up through
 * the throttle again here (a wrong code counts, whichever action sends it).
 */
export async function decideGrantAction(_prev: FormState, form: FormData): Promise<FormState> {
  if (!calledAsForm(form)) return failure("invalid_input");
  const kind = formText(form, "kind");
  const name = formText(form, "name");
  const grant = formText(form, "decision") === "grant";
  if (kind !== "login_flow" && kind !== "device") return failure("invalid_input");
  const guard = await actionSession({ sudo: grant });
  if ("failure" in guard) return { ...guard.failure, values: echo({ name }) };
  const { user } = guard.session;
  const meta = clientMeta(await headers());
  let key = formText(form, "key");
  if (kind === "device") {
    const found = await findDeviceGrant(user.id, key, meta);
    if (isThrottled(found)) return found;
    if (!found.ok) return failure("not_found", "This code has expired or was already used. Start again on the device.");
    key = found.code;
  } else if (!isPageToken(key)) {
    return failure("not_found", "This sign-in request has expired or was already answered. Start again in the app.");
  }
  const apps = form
    .getAll("apps")
    .filter((a): a is string => typeof a === "string")
    .slice(0, 50);
  const decided = await decideGrant(
    user.id,
    kind,
    key,
    grant
      ? { grant: true, name, scope: formText(form, "scope") || undefined, apps: apps.length ? apps : undefined, expiresInDays: formText(form, "expiresInDays") }
      : { grant: false },
    meta,
  );
  if (!decided.ok) return { ...decided, values: echo({ name }) };
  return decided.data.status === "granted"
    ? { ok: true, message: `Access granted: "${decided.data.name}" receives its own app password and finishes signing in by itself. You can close this page.` }
    : { ok: true, message: "Declined: the app was not given access." };
}
