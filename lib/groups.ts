import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import { readPolicy } from "@/lib/two-factor/enforcement";
import { findUserByLogin } from "@/lib/users";
import { singleLine } from "@/lib/validation";

/**
 * Groups of users, for scoping 2FA enforcement (Nextcloud's groups, minimal).
 * Every change is written to the security log with its actor (an admin's login or
 * "cli:<user>"), in the change's transaction; membership changes on the member's own log.
 */

export const groupName = singleLine("Group name", 64).refine(
  (s) => /^[\p{L}\p{N} ._@-]+$/u.test(s),
  "Group names may contain letters, digits, spaces and . _ @ -",
);

export async function addGroup(raw: string, actor: string): Promise<Result<{ name: string }>> {
  const parsed = groupName.safeParse(raw);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message);
  const name = parsed.data;
  try {
    await db.$transaction(async (tx) => {
      await tx.group.create({ data: { name } });
      await recordEvent(tx, { userId: null, actor, type: "admin.group_changed", details: { group: name, change: "created" } });
    });
    return { ok: true, data: { name } };
  } catch (error) {
    if (isUniqueViolation(error)) return failure("invalid_input", `Group "${name}" already exists.`);
    throw error;
  }
}

/**
 * Deletes a group and its memberships. A group the 2FA enforcement policy names is
 * refused: deleting it would silently change who must use a second factor.
 */
export async function deleteGroup(name: string, actor: string): Promise<Result> {
  const policy = await readPolicy();
  if (policy.enforced && (policy.groups.includes(name) || policy.excluded.includes(name))) {
    return failure("invalid_input", `Group "${name}" is named in the two-factor enforcement policy. Change the policy first.`);
  }
  const deleted = await db.$transaction(async (tx) => {
    const { count } = await tx.group.deleteMany({ where: { name } });
    if (count) await recordEvent(tx, { userId: null, actor, type: "admin.group_changed", details: { group: name, change: "deleted" } });
    return count > 0;
  });
  return deleted ? { ok: true } : failure("not_found", `Group "${name.slice(0, 64)}" not found.`);
}

export async function listGroups() {
  const groups = await db.group.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { members: true } } } });
  return groups.map((g) => ({ name: g.name, members: g._count.members }));
}

async function resolve(group: string, login: string) {
  const [g, user] = await Promise.all([db.group.findUnique({ where: { name: group } }), findUserByLogin(login)]);
  if (!g) return failure("not_found", `Group "${group.slice(0, 64)}" not found.`);
  if (!user) return failure("not_found", `User "${login.slice(0, 64)}" not found.`);
  return { group: g, user };
}

export async function addToGroup(group: string, login: string, actor: string): Promise<Result> {
  const r = await resolve(group, login);
  if ("ok" in r) return r;
  const key = { groupId: r.group.id, userId: r.user.id };
  try {
    await db.$transaction(async (tx) => {
      if (await tx.groupMember.findUnique({ where: { groupId_userId: key }, select: { userId: true } })) return;
      await tx.groupMember.create({ data: key });
      await recordEvent(tx, { userId: r.user.id, actor, type: "admin.group_changed", details: { group: r.group.name, change: "member_added" } });
    });
  } catch (error) {
    // A concurrent add got there first: the user is a member, which is what was asked.
    if (!isUniqueViolation(error)) throw error;
  }
  return { ok: true };
}

export async function removeFromGroup(group: string, login: string, actor: string): Promise<Result> {
  const r = await resolve(group, login);
  if ("ok" in r) return r;
  const removed = await db.$transaction(async (tx) => {
    const { count } = await tx.groupMember.deleteMany({ where: { groupId: r.group.id, userId: r.user.id } });
    if (count) await recordEvent(tx, { userId: r.user.id, actor, type: "admin.group_changed", details: { group: r.group.name, change: "member_removed" } });
    return count > 0;
  });
  return removed ? { ok: true } : failure("not_found", `User "${r.user.login}" is not in group "${r.group.name}".`);
}

export async function groupsOf(userId: string): Promise<string[]> {
  const rows = await db.groupMember.findMany({ where: { userId }, select: { group: { select: { name: true } } } });
  return rows.map((r) => r.group.name).sort();
}
