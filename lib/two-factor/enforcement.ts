import "server-only";
import { readJsonSetting, writeJsonSetting } from "@/lib/config";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";

/**
 * 2FA enforcement, as in Nextcloud: off; on for everyone except excluded groups;
 * or on only for the listed groups — listed groups win over exclusions.
 */
export type EnforcementPolicy = { enforced: boolean; groups: string[]; excluded: string[] };

const KEY = "twofactor_enforcement";
const OFF: EnforcementPolicy = { enforced: false, groups: [], excluded: [] };

export async function readPolicy(): Promise<EnforcementPolicy> {
  return readJsonSetting(KEY, OFF);
}

/** Pure: does the policy apply to a member of these groups? */
export function appliesTo(policy: EnforcementPolicy, userGroups: string[]): boolean {
  if (!policy.enforced) return false;
  if (policy.groups.length > 0) return userGroups.some((g) => policy.groups.includes(g));
  return !userGroups.some((g) => policy.excluded.includes(g));
}

export async function isEnforcedFor(userId: string): Promise<boolean> {
  const policy = await readPolicy();
  if (!policy.enforced) return false;
  // Not lib/groups.ts's groupsOf: groups.ts reads the policy (deleteGroup), so importing it back would make a cycle.
  const memberships = await db.groupMember.findMany({ where: { userId }, select: { group: { select: { name: true } } } });
  return appliesTo(
    policy,
    memberships.map((m) => m.group.name),
  );
}

/** Saves a policy after checking its groups exist; nothing is written otherwise. */
export async function writePolicy(policy: EnforcementPolicy, actor = "admin"): Promise<Result> {
  const named = [...new Set([...policy.groups, ...policy.excluded])];
  const found = await db.group.findMany({ where: { name: { in: named } }, select: { name: true } });
  const missing = named.filter((n) => !found.some((f) => f.name === n));
  if (missing.length) return failure("not_found", `Group "${missing[0]}" does not exist.`);
  const saved = { enforced: policy.enforced, groups: [...new Set(policy.groups)], excluded: [...new Set(policy.excluded)] };
  await db.$transaction(async (tx) => {
    await writeJsonSetting(KEY, saved, tx);
    await recordEvent(tx, {
      userId: null,
      actor,
      type: "admin.enforcement_changed",
      details: { enforced: saved.enforced, groups: saved.groups.join(","), excluded: saved.excluded.join(",") },
    });
  });
  return { ok: true };
}

/** How many users the policy covers, and how many of those have no factor yet. */
export async function policyImpact(policy: EnforcementPolicy, factorIds: string[]): Promise<{ affected: number; withoutFactor: number }> {
  if (!policy.enforced) return { affected: 0, withoutFactor: 0 };
  const users = await db.user.findMany({
    where: { disabled: false },
    select: {
      groups: { select: { group: { select: { name: true } } } },
      providerStates: { where: { enabled: true, providerId: { in: factorIds } }, select: { providerId: true } },
    },
  });
  const affected = users.filter((u) =>
    appliesTo(
      policy,
      u.groups.map((g) => g.group.name),
    ),
  );
  return { affected: affected.length, withoutFactor: affected.filter((u) => u.providerStates.length === 0).length };
}

export function describePolicy(policy: EnforcementPolicy): string {
  if (!policy.enforced) return "Two-factor authentication is not enforced.";
  if (policy.groups.length) return `Two-factor authentication is enforced for members of: ${policy.groups.join(", ")}.`;
  if (policy.excluded.length) return `Two-factor authentication is enforced for everyone except members of: ${policy.excluded.join(", ")}.`;
  return "Two-factor authentication is enforced for everyone.";
}
