import "server-only";
import { appUrlText } from "@/lib/apps/app-url";
import { parseAssurance, type Assurance } from "@/lib/two-factor/assurance";

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
  /** An assurance every session must have here (null: any sign-in). */
  require: Assurance | null;
};

type AppRow = {
  id: string;
  name: string;
  origin: string;
  pathPrefix: string;
  allowGroups: string;
  allowUsers: string;
  clients: string;
  public: boolean;
  require?: string | null;
};

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
    // An unknown requirement is read as the strictest one (fail closed).
    require: row.require ? (parseAssurance(row.require) ?? "phishing_resistant") : null,
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
