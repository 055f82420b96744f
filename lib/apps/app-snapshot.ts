import "server-only";
import { toView, type ProtectedAppView } from "@/lib/apps/app-view";
import { db } from "@/lib/db";

/**
 * The protected apps as the verify endpoints see them: read from the database at
 * most once per SNAPSHOT_MS per instance (every proxied request needs them), and
 * at once after a change made by this instance. A change made elsewhere (the
 * CLI, another instance) reaches this one within SNAPSHOT_MS.
 */
export const SNAPSHOT_MS = 1000;

let snapshot: { at: number; apps: Promise<ProtectedAppView[]> } | null = null;

export function protectedApps(now = Date.now()): Promise<ProtectedAppView[]> {
  if (!snapshot || now - snapshot.at >= SNAPSHOT_MS) {
    const apps = db.protectedApp.findMany().then((rows) => rows.map(toView));
    snapshot = { at: now, apps };
    // A failed read is not kept: the next request reads again.
    apps.catch(() => (snapshot?.apps === apps ? (snapshot = null) : undefined));
  }
  return snapshot.apps;
}

export function forgetProtectedApps(): void {
  snapshot = null;
}
