import "server-only";
import type { ProtectedAppView } from "@/lib/apps/app-view";
import { listApps } from "@/lib/apps/protected-apps";
import { currentSession } from "@/lib/auth/session";

/** The admin page's list of protected apps: only for a signed-in admin. */
export async function protectedAppsView(): Promise<Omit<ProtectedAppView, "id" | "origin" | "pathPrefix">[] | null> {
  const session = await currentSession();
  if (!session?.user.isAdmin) return null;
  return (await listApps()).map(({ name, url, allowGroups, allowUsers, clients, public: isPublic, require }) => ({
    name,
    url,
    allowGroups,
    allowUsers,
    clients,
    public: isPublic,
    require,
  }));
}

/** The names of the protected apps, for choosing an app password's apps. */
export async function protectedAppNames(): Promise<string[]> {
  if (!(await currentSession())) return [];
  return (await listApps()).map((a) => a.name);
}
