import "server-only";
import { allowedAppIds } from "@/lib/apps/app-password-apps";
import { db } from "@/lib/db";

/**
 * For the devices list: which protected apps each of a user's tokens may reach
 * (app passwords limited to some apps; null = every app) and the app each was
 * last used on (forward auth). Two queries, the second only when a password is
 * limited; safe values only (names, never ids' secrets or hashes).
 */
export type TokenAppAccess = { apps: string[] | null; lastApp: string | null };

export async function tokenAppAccess(userId: string): Promise<Map<number, TokenAppAccess>> {
  const rows = await db.authToken.findMany({ where: { userId }, select: { id: true, apps: true, lastApp: true } });
  const ids = [...new Set(rows.flatMap((r) => (r.apps === null ? [] : (allowedAppIds(r.apps) ?? []))))];
  const names = new Map(
    ids.length ? (await db.protectedApp.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((a) => [a.id, a.name]) : [],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { apps: r.apps === null ? null : (allowedAppIds(r.apps) ?? []).map((id) => names.get(id) ?? "(removed app)").sort(), lastApp: r.lastApp },
    ]),
  );
}
