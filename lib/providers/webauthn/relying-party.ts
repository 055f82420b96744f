import "server-only";
import { env } from "@/lib/env";

/**
 * Who the browser signs for: the RP ID is PUBLIC_URL's host and the only origin
 * accepted is PUBLIC_URL's origin (without it, http://localhost:<PORT>, as
 * forward auth assumes). A key registered under one host never answers another.
 */
export type RelyingParty = { name: string; id: string; origin: string };

export function relyingParty(): RelyingParty {
  const { publicUrl, port, instanceName } = env();
  const url = new URL(publicUrl ?? `http://localhost:${port}`);
  return { name: instanceName, id: url.hostname, origin: url.origin };
}
