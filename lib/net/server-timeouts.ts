import type { ServerOptions } from "node:http";

/**
 * Node's own limits on slow clients, for the server scripts/serve.ts runs.
 * Node checks them for every connection at once on one timer
 * (`connectionsCheckingInterval`), not with a timer per connection.
 *
 * - headers: a client has HEADERS_MS from its first byte to the end of its
 *   headers (slowloris sends them a line at a time);
 * - whole request: REQUEST_MS until the body has arrived too — 2 MB (the
 *   largest body taken, lib/net/limits.ts) at ~70 KB/s;
 * - idle keep-alive: a proxy in front (TRUST_PROXY) keeps a pool of connections
 *   and must be the one to close them (nginx and most load balancers idle at
 *   60 s), so 65 s behind one; browsers straight on the server reconnect
 *   cheaply, so 5 s (Node's default) — an idle connection holds a descriptor.
 */
export const HEADERS_MS = 10_000;
export const REQUEST_MS = 30_000;
const CHECK_EVERY_MS = 1_000;

export function serverTimeouts(behindProxy: boolean): ServerOptions {
  return {
    headersTimeout: HEADERS_MS,
    requestTimeout: REQUEST_MS,
    keepAliveTimeout: behindProxy ? 65_000 : 5_000,
    connectionsCheckingInterval: CHECK_EVERY_MS,
  };
}
