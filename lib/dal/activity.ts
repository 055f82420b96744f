import "server-only";
import type { Viewer } from "@/lib/dal/viewer";
import { EVENT_TYPES, recentEvents } from "@/lib/security/events";
import { describeDevice, parseDevice } from "@/lib/security/user-agent";

/** The signed-in user's recent security events, as the security page shows them. */
export type ActivityItem = {
  id: number;
  what: string;
  at: Date;
  ip: string | null;
  device: string | null;
  /** Who did it when it was not the user: "an administrator (alice)" or "the command line". */
  by: string | null;
  failed: boolean;
};

export async function securityActivity(viewer: Pick<Viewer, "id" | "login">, take = 15): Promise<ActivityItem[]> {
  const events = await recentEvents(viewer.id, take);
  return events.map((e) => ({
    id: e.id,
    what: EVENT_TYPES[e.type as keyof typeof EVENT_TYPES] ?? e.type,
    at: e.createdAt,
    ip: e.ip,
    device: describeDevice(parseDevice(e.userAgent)),
    by: !e.actor || e.actor === viewer.login ? null : e.actor.startsWith("cli:") ? "the command line" : `an administrator (${e.actor})`,
    failed: e.type.endsWith(".failed"),
  }));
}
