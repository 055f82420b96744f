import "server-only";
import { z } from "zod";
import { db, isUniqueViolation } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { findUserByLogin } from "@/lib/users";
import { singleLine } from "@/lib/validation";

/** Groups of users, for scoping 2FA enforcement (Nextcloud's groups, minimal). */

export const groupName = singleLine("Group name", 64).refine((s) => /^[\p{L}\p{N} ._@-]+$/u.test(s), "Group names may contain letters, digits, spaces and . _ @ -");

export async function addGroup(raw: string): Promise<Result<{ name: string }>> {
  const parsed = groupName.safeParse(raw);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message);
  try {
    const g = await db.group.create({ data: { name: parsed.data } });
    return { ok: true, data: { name: g.name } };
  } catch (error) {
    if (isUniqueViolation(error)) return failure("invalid_input", `Group "${parsed.data}" already exists.`);
    throw error;
  }
}

export async function deleteGroup(name: string): Promise<Result> {
  const { count } = await db.group.deleteMany({ where: { name } });
  return count ? { ok: true } : failure("not_found", `Group "${name}" not found.`);
}

export async function listGroups() {
  const groups = await db.group.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { members: true } } } });
  return groups.map((g) => ({ name: g.name, members: g._count.members }));
}

export async function groupExists(name: string): Promise<boolean> {
  return (await db.group.count({ where: { name } })) > 0;
}

async function resolve(group: string, login: string) {
  const [g, user] = await Promise.all([db.group.findUnique({ where: { name: group } }), findUserByLogin(login)]);
  if (!g) return failure("not_found", `Group "${group}" not found.`);
  if (!user) return failure("not_found", `User "${login}" not found.`);
  return { group: g, user };
}

export async function addToGroup(group: string, login: string): Promise<Result> {
  const r = await resolve(group, login);
  if ("ok" in r) return r;
  await db.groupMember.upsert({
    where: { groupId_userId: { groupId: r.group.id, userId: r.user.id } },
    create: { groupId: r.group.id, userId: r.user.id },
    update: {},
  });
  return { ok: true };
}

export async function removeFromGroup(group: string, login: string): Promise<Result> {
  const r = await resolve(group, login);
  if ("ok" in r) return r;
  const { count } = await db.groupMember.deleteMany({ where: { groupId: r.group.id, userId: r.user.id } });
  return count ? { ok: true } : failure("not_found", `User "${login}" is not in group "${group}".`);
}

export async function groupsOf(userId: string): Promise<string[]> {
  const rows = await db.groupMember.findMany({ where: { userId }, select: { group: { select: { name: true } } } });
  return rows.map((r) => r.group.name).sort();
}

export const groupInput = z.string().max(256);
