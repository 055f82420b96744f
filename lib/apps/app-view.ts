import "server-only";
import { appUrlText } from "@/lib/apps/app-url";

/** A protected app as the rest of Gatehouse sees it, read from its row (lib/apps/protected-apps.ts writes them). */

export const APP_CLIENTS = ["full", "read_only", "none"] as const;
export type AppClients = (typeof APP_CLIENTS)[number];

export type ProtectedAppView = {
  id: string;
  name: string;
  url: string;
  origin: string;
  pathPrefix: string;
  allowGroups: string[];
  allowUsers: string[];
  clients: AppClients;
  public: boolean;
};

type AppRow = { id: string; name: string; origin: string; pathPrefix: string; allowGroups: string; allowUsers: string; clients: string; public: boolean };

export function toView(row: AppRow): ProtectedAppView {
  const groups = stringList(row.allowGroups);
  const users = stringList(row.allowUsers);
  return {
    id: row.id,
    name: row.name,
    url: appUrlText(row),
    origin: row.origin,
    pathPrefix: row.pathPrefix,
    allowGroups: groups ?? [],
    // An unreadable allow list lets nobody in: "" is no user's login key.
    allowUsers: groups && users ? users : [""],
    clients: (APP_CLIENTS as readonly string[]).includes(row.clients) ? (row.clients as AppClients) : "none",
    public: row.public,
  };
}

/** A stored JSON list of strings, or null when it is not one (callers fail closed on null). */
export function stringList(raw: string): string[] | null {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : null;
  } catch {
    return null;
  }
}
