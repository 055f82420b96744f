"use server";
import { headers } from "next/headers";
import { isThrottled } from "@/lib/auth/attempts";
import { clientMeta } from "@/lib/auth/request-meta";
import { findDeviceGrant } from "@/lib/client-flows/device-grant";
import { formatUserCode } from "@/lib/client-flows/codes";
import { grantFormOptions, grantPageView, type GrantPageView } from "@/lib/dal/client-grants";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, echo, formText, type FormState } from "@/lib/forms";

export type DeviceLookupState = FormState | { ok: true; found: { view: GrantPageView; code: string; apps: string[]; maxDays: number | null } };

/** /device: the typed user code → the request it names (throttled: a wrong code counts per address and account). */
export async function lookupDeviceCodeAction(_prev: DeviceLookupState, form: FormData): Promise<DeviceLookupState> {
  if (!calledAsForm(form)) return failure("invalid_input");
  const typed = formText(form, "user_code");
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  const meta = clientMeta(await headers());
  const found = await findDeviceGrant(guard.session.user.id, typed, meta);
  if (isThrottled(found)) return found;
  if (!found.ok) {
    const message = "No device is waiting for that code. Check it on the device, or start again there.";
    return { ...failure("not_found", message, { user_code: message }), values: echo({ user_code: typed }) };
  }
  return { ok: true, found: { view: grantPageView(found.grant, meta.ip), code: formatUserCode(found.code), ...(await grantFormOptions()) } };
}
