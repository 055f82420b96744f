"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { clientMeta } from "@/lib/auth/request-meta";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, type FormState } from "@/lib/forms";
import { turnOnApproval } from "@/lib/providers/device-approval/store";
import { providerSet } from "@/lib/two-factor/provider-set";

/** "Turn on" approval from a signed-in device: sudo mode, and only next to another factor (it needs a signed-in browser to work). */
export async function turnOnApprovalAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const userId = guard.session.user.id;
  if ((await providerSet(userId)).factors.length === 0)
    return failure("invalid_input", "Set up another two-factor method first: approval needs a browser where you are signed in.");
  await turnOnApproval(userId, clientMeta(await headers()));
  revalidatePath("/settings/security");
  return { ok: true, message: "Approval from a signed-in device is on." };
}
