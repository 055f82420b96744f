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
 * - idle keep-alive: 65 s, longer than the pools of the proxies and clients in
 *   front (nginx and most load balancers idle at 60 s), so that they close an
 *   idle connection first and never send a request into one the server is
 *   closing (with 5 s, the bench's keep-alive pool got connection resets). An
 *   idle connection holds a descriptor and one socket timer, nothing that fires
 *   before then.
 */
export const HEADERS_MS = 10_000;
export const REQUEST_MS = 30_000;
const CHECK_EVERY_MS = 1_000;

export const KEEP_ALIVE_MS = 65_000;

export function serverTimeouts(): ServerOptions {
  return {
    headersTimeout: HEADERS_MS,
    requestTimeout: REQUEST_MS,
    keepAliveTimeout: KEEP_ALIVE_MS,
    connectionsCheckingInterval: CHECK_EVERY_MS,
  };
}
