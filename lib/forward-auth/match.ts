import { routingPath, underPrefix } from "@/lib/apps/app-url";

/**
 * The protected app covering a URL: same origin (scheme, host, port), then the
 * longest path prefix on a segment boundary. None → the caller refuses (fail
 * closed: a host no app covers is never let through).
 */
export function matchApp<A extends { origin: string; pathPrefix: string }>(apps: readonly A[], url: URL): A | null {
  const path = routingPath(url.pathname);
  let best: A | null = null;
  for (const app of apps) {
    if (app.origin !== url.origin || !underPrefix(path, app.pathPrefix)) continue;
    if (!best || app.pathPrefix.length > best.pathPrefix.length) best = app;
  }
  return best;
}
