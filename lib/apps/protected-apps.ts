import "server-only";
import { z } from "zod";
import { forgetProtectedApps } from "@/lib/apps/app-snapshot";
import { appUrlText, parseAppUrl } from "@/lib/apps/app-url";
import { APP_CLIENTS, toView, type ProtectedAppView } from "@/lib/apps/app-view";
import { db, isUniqueViolation } from "@/lib/db";
import { ASSURANCE_LEVELS } from "@/lib/two-factor/assurance";
import { failure, type Result } from "@/lib/errors";
import { groupName } from "@/lib/groups";
import { recordEvent } from "@/lib/security/events";
import { findUserByLogin } from "@/lib/users";
import { loginInput, singleLine } from "@/lib/validation";

/**
 * Protected apps: the web apps behind the reverse proxy that ask Gatehouse about
 * every request (lib/forward-auth/). The CLI (`app:add|list|remove`) and the admin
 * page call these; every change is written to the security log with its actor in
 * the change's transaction.
 */

export const appName = singleLine("App name", 64).refine(
  (s) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s),
  "App names may contain letters, digits and . _ - (starting with a letter or digit).",
);

export const newAppInput = z.object({
  name: appName,
  url: z.string({ error: "The URL is required." }).max(4096, "The URL is too long."),
  allowGroups: z.array(groupName).max(50, "At most 50 groups.").default([]),
  allowUsers: z.array(loginInput).max(200, "At most 200 users.").default([]),
  clients: z.enum(APP_CLIENTS, { error: "Clients must be full, read_only or none." }).default("full"),
  public: z.boolean().default(false),
  require: z.enum(ASSURANCE_LEVELS, { error: "The requirement must be phishing_resistant." }).nullable().default(null),
});

export type NewApp = z.input<typeof newAppInput>;

export async function addApp(input: NewApp, actor: string): Promise<Result<ProtectedAppView>> {
  const parsed = newAppInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message);
  const { name, clients } = parsed.data;
  const url = parseAppUrl(parsed.data.url);
  if ("error" in url) return failure("invalid_input", url.error);
  if (parsed.data.public && (parsed.data.allowGroups.length || parsed.data.allowUsers.length)) {
    return failure("invalid_input", "A public app lets everyone in: it takes no allow list.");
  }
  if (parsed.data.public && parsed.data.require) return failure("invalid_input", "A public app lets everyone in: it can require no sign-in.");
  const known = await knownMembers(
    parsed.data.allowGroups,
    parsed.data.allowUsers.map((u) => u.login),
  );
  if (!known.ok) return known;
  const data = {
    name,
    ...url,
    clients,
    public: parsed.data.public,
    require: parsed.data.require,
    allowGroups: JSON.stringify(known.data.groups),
    allowUsers: JSON.stringify(known.data.users),
  };
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.protectedApp.create({ data });
      await recordEvent(tx, {
        userId: null,
        actor,
        type: "admin.app_changed",
        details: { app: name, change: "added", url: appUrlText(url), clients, public: data.public, require: data.require },
      });
      return created;
    });
    forgetProtectedApps();
    return { ok: true, data: toView(row) };
  } catch (error) {
    if (isUniqueViolation(error)) return failure("invalid_input", `An app named "${name}" or with the URL ${appUrlText(url)} already exists.`);
    throw error;
  }
}

export async function removeApp(name: string, actor: string): Promise<Result> {
  const removed = await db.$transaction(async (tx) => {
    const { count } = await tx.protectedApp.deleteMany({ where: { name } });
    if (count) await recordEvent(tx, { userId: null, actor, type: "admin.app_changed", details: { app: name, change: "removed" } });
    return count > 0;
  });
  forgetProtectedApps();
  return removed ? { ok: true } : failure("not_found", `App "${name.slice(0, 64)}" not found.`);
}

export async function listApps(): Promise<ProtectedAppView[]> {
  const rows = await db.protectedApp.findMany({ orderBy: { name: "asc" } });
  return rows.map(toView);
}

/** Allow lists name existing groups and users (stored as group names and login keys). */
async function knownMembers(groups: string[], logins: string[]): Promise<Result<{ groups: string[]; users: string[] }>> {
  const users: string[] = [];
  for (const login of logins) {
    const user = await findUserByLogin(login);
    if (!user) return failure("not_found", `User "${login.slice(0, 64)}" not found.`);
    users.push(user.loginKey);
  }
  const found = await db.group.findMany({ where: { name: { in: groups } }, select: { name: true } });
  const missing = groups.find((g) => !found.some((f) => f.name === g));
  if (missing) return failure("not_found", `Group "${missing.slice(0, 64)}" not found.`);
  return { ok: true, data: { groups: [...new Set(groups)], users: [...new Set(users)] } };
}
