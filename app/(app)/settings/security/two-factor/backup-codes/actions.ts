"use server";
import { revalidatePath } from "next/cache";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, type FormState } from "@/lib/forms";
import { secondFactorRequired } from "@/lib/two-factor/provider-set";
import { formatCode } from "@/lib/providers/backup-codes/codes";
import { regenerateCodes } from "@/lib/providers/backup-codes/store";

export type CodesState = FormState | { ok: true; codes: string[] };

/** Generates a new set of codes (sudo); the previous set stops working. Shown once. */
export async function regenerateCodesAction(_prev: CodesState, form: FormData): Promise<CodesState> {
  const guard = await actionSession({ sudo: true });
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const { user } = guard.session;
  if (!(await secondFactorRequired(user.id))) {
    return failure("invalid_input", "Set up a second factor first: backup codes are for when you cannot use it.");
  }
  const codes = await regenerateCodes(user.id);
  revalidatePath("/settings/security");
  return { ok: true, codes: codes.map(formatCode) };
}
