import "server-only";
import { stringList } from "@/lib/apps/app-view";
import { appName } from "@/lib/apps/protected-apps";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { z } from "zod";

/**
 * Which protected apps an app password may reach. Stored on its AuthToken row as
 * a JSON array of app ids (`apps`), or null for every app. Ids, not names: a
 * password for an app that is removed and later added again under the same name
 * does not reach the new one.
 */

export const appNamesInput = z
  .array(appName, { error: "apps must be a list of app names." })
  .min(1, "Name at least one app, or leave apps out for every app.")
  .max(50, "At most 50 apps.");

/** App names → ids, refusing any name no protected app has. */
export async function appIdsByName(names: string[]): Promise<Result<{ ids: string[]; names: string[] }>> {
  const unique = [...new Set(names)];
  const rows = await db.protectedApp.findMany({ where: { name: { in: unique } }, select: { id: true, name: true } });
  const unknown = unique.find((name) => !rows.some((r) => r.name === name));
  if (unknown) return failure("invalid_input", `Unknown app "${unknown.slice(0, 64)}": see the protected apps an administrator has added.`);
  return { ok: true, data: { ids: rows.map((r) => r.id), names: unique } };
}

/** The app ids a token's `apps` column allows; null = every app. An unreadable value allows none. */
export function allowedAppIds(stored: string | null): string[] | null {
  if (stored === null) return null;
  return stringList(stored) ?? [];
}
