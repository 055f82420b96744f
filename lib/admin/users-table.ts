import "server-only";
import { db } from "@/lib/db";
import { installed as installedProviders } from "@/lib/plugins";

/** The admin page's users table: search by login/name/e-mail, paged, with what a rescuer needs to see. */

export const PAGE_SIZE = 20;

export type AdminUserRow = {
  id: string;
  login: string;
  displayName: string;
  email: string | null;
  isAdmin: boolean;
  disabled: boolean;
  groups: string[];
  factors: { id: string; name: string }[];
  lastLoginAt: Date | null;
  activeSessions: number;
  appPasswords: number;
};

export async function adminUsers(query: string, page: number): Promise<{ rows: AdminUserRow[]; total: number; page: number; pages: number }> {
  const q = query.trim().slice(0, 100);
  const where = q ? { OR: [{ loginKey: { contains: q.toLowerCase() } }, { displayName: { contains: q } }, { email: { contains: q } }] } : {};
  const total = await db.user.count({ where });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const users = await db.user.findMany({
    where,
    orderBy: { loginKey: "asc" },
    skip: (current - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    select: {
      id: true,
      login: true,
      displayName: true,
      email: true,
      isAdmin: true,
      disabled: true,
      lastLoginAt: true,
      groups: { select: { group: { select: { name: true } } } },
      providerStates: { where: { enabled: true }, select: { providerId: true } },
      tokens: { select: { type: true, expiresAt: true } },
    },
  });
  const now = Date.now();
  const names = new Map(installedProviders.map((p) => [p.id, p.displayName]));
  const rows = users.map((u) => ({
    id: u.id,
    login: u.login,
    displayName: u.displayName,
    email: u.email,
    isAdmin: u.isAdmin,
    disabled: u.disabled,
    lastLoginAt: u.lastLoginAt,
    groups: u.groups.map((g) => g.group.name).sort(),
    factors: u.providerStates.map((s) => ({ id: s.providerId, name: names.get(s.providerId) ?? `${s.providerId} (missing)` })),
    activeSessions: u.tokens.filter((t) => t.type === "session" && (!t.expiresAt || t.expiresAt.getTime() > now)).length,
    appPasswords: u.tokens.filter((t) => t.type === "app_password").length,
  }));
  return { rows, total, page: current, pages };
}
