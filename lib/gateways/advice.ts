import "server-only";
import { failureKind, FAILURES, type FailureParty } from "@/lib/gateways/errors";
import type { GatewayChannel } from "@/lib/gateways/types";

/**
 * What an admin reads about a failure: whose problem it is and what to do,
 * from the catalogue plus the channel's own hint (e.g. Signal: how to re-link
 * the sender account). Shown by gateway:status and the admin page beside the
 * service's own words.
 */

const PARTY: Record<FailureParty, string> = {
  user: "the user's recipient",
  server: "this server's account or settings",
  service: "the service",
};

export type AdminAdvice = { party: FailureParty; whose: string; advice: string };

export function adminAdvice(channel: GatewayChannel, status: string | null | undefined): AdminAdvice {
  const kind = failureKind(status);
  const entry = FAILURES[kind];
  const hint = channel.adminHints?.[kind];
  return { party: entry.party, whose: PARTY[entry.party], advice: hint ? `${entry.admin} ${hint}` : entry.admin };
}
