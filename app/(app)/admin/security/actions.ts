"use server";
import { revalidatePath } from "next/cache";
import { setConfig } from "@/lib/config";
import { adminActionSession } from "@/lib/dal/admin";
import { failure } from "@/lib/errors";
import { boundFlag, boundText, calledAsForm, formFlag, formText, type FormState } from "@/lib/forms";
import { addGroup, deleteGroup } from "@/lib/groups";
import { installed as installedProviders } from "@/lib/plugins";
import { describePolicy, policyImpact, writePolicy, type EnforcementPolicy } from "@/lib/two-factor/enforcement";
import { activeProviders, secondFactorRequired, setProviderSwitchedOff } from "@/lib/two-factor/provider-set";

const MODES = ["off", "everyone", "groups"];

function done(message: string): FormState {
  revalidatePath("/admin/security");
  return { ok: true, message };
}

/**
 * Saves the enforcement policy. Lockout guard: turning it on while the acting
 * admin has no factor, or while no provider can be set up at login, needs an
 * explicit confirmation.
 */
export async function saveEnforcementAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await adminActionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const mode = formText(form, "mode");
  if (!MODES.includes(mode)) return failure("invalid_input", "Choose off, everyone or listed groups.");
  const groups = form
    .getAll("groups")
    .filter((g): g is string => typeof g === "string")
    .slice(0, 200);
  const policy: EnforcementPolicy =
    mode === "everyone"
      ? { enforced: true, groups: [], excluded: groups }
      : mode === "groups"
        ? { enforced: true, groups, excluded: [] }
        : { enforced: false, groups: [], excluded: [] };
  if (mode === "groups" && groups.length === 0) return failure("invalid_input", "Choose at least one group to enforce two-factor authentication for.");
  if (policy.enforced && !formFlag(form, "confirmed")) {
    const warnings: string[] = [];
    if (!(await secondFactorRequired(guard.session.user.id)))
      warnings.push("You have no second factor yourself: you will have to set one up at your next sign-in.");
    if (!(await activeProviders()).some((p) => p.kind === "factor" && p.setup?.atLogin))
      warnings.push("No provider that users can set up at sign-in is turned on: affected users would be locked out.");
    if (warnings.length) return failure("invalid_input", warnings.join(" "), { confirm: "Tick the box to enforce anyway." });
  }
  const saved = await writePolicy(policy, guard.session.user.login);
  if (!saved.ok) return saved;
  const impact = await policyImpact(
    policy,
    installedProviders.filter((p) => p.kind === "factor").map((p) => p.id),
  );
  return done(
    `${describePolicy(policy)}${policy.enforced ? ` ${impact.affected} user(s) affected, ${impact.withoutFactor} without a second factor yet.` : ""}`,
  );
}

export async function toggleProviderAction(providerId: string, on: boolean, _prev: FormState, form: FormData): Promise<FormState> {
  const guard = await adminActionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form, [boundText, providerId], [boundFlag, on])) return failure("invalid_input");
  if (!(await setProviderSwitchedOff(providerId, !on, guard.session.user.login))) return failure("not_found");
  return done(on ? "Provider turned on." : "Provider turned off.");
}

export async function addGroupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await adminActionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const result = await addGroup(formText(form, "name"), guard.session.user.login);
  return result.ok ? done(`Group "${result.data.name}" created.`) : result;
}

export async function deleteGroupAction(name: string, _prev: FormState, form: FormData): Promise<FormState> {
  const guard = await adminActionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form, [boundText, name])) return failure("invalid_input");
  const result = await deleteGroup(name, guard.session.user.login);
  return result.ok ? done(`Group "${name}" deleted.`) : result;
}

export async function tokenAuthAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await adminActionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const on = formFlag(form, "enforced");
  const saved = await setConfig("token_auth_enforced", on ? "true" : "false", guard.session.user.login);
  if (!saved.ok) return saved;
  return done(
    on
      ? "Clients must now use app passwords; the login password is refused on the API."
      : "Clients may use the login password again (unless the user has two-factor authentication).",
  );
}

/**
 * The longest a new app password may last, in days; 0 or empty: no limit (the
 * same check as `config:set app_password_max_days`). A longer or never-expiring
 * choice is shortened to it when the password is made; existing ones keep theirs.
 */
export async function appPasswordMaxDaysAction(_prev: FormState, form: FormData): Promise<FormState> {
  const guard = await adminActionSession();
  if ("failure" in guard) return guard.failure;
  if (!calledAsForm(form)) return failure("invalid_input");
  const saved = await setConfig("app_password_max_days", formText(form, "maxDays").slice(0, 16) || "0", guard.session.user.login);
  if (!saved.ok) return { ...saved, fields: { maxDays: saved.message } };
  return done(
    saved.data.value === "0"
      ? "New app passwords may last as long as their users choose, or never expire."
      : `New app passwords last at most ${saved.data.value} day(s); existing ones keep their lifetime.`,
  );
}
