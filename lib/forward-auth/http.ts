import "server-only";
import { log } from "@/lib/log";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { VerifyEndpoint } from "@/lib/forward-auth/answer";
import { verify } from "@/lib/forward-auth/verify";
import { clientAddress } from "@/lib/net/client-address";

/**
 * The verify endpoints on the bare Node server (scripts/serve.ts), ahead of
 * Next: they run on every request of every protected app, so nothing between
 * the socket and lib/forward-auth/verify.ts but this. The verify request itself
 * carries no body and its own method is irrelevant (the original one comes in
 * a header); a body is refused, as is anything that throws (503, fail closed).
 */

const ENDPOINTS: Record<string, VerifyEndpoint> = { "/api/v1/auth-request": "auth-request", "/api/v1/forward-auth": "forward-auth" };

/** Which verify endpoint a request line's target names (the query is ignored), if any. */
export function verifyEndpoint(target: string | undefined): VerifyEndpoint | null {
  const path = (target ?? "").split("?", 1)[0]!;
  return Object.hasOwn(ENDPOINTS, path) ? ENDPOINTS[path]! : null;
}

export function answerVerify(endpoint: VerifyEndpoint, req: IncomingMessage, res: ServerResponse, trustProxy: boolean): void {
  if (req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) !== 0) {
    return send(
      req,
      res,
      400,
      { "Content-Type": "application/json", Connection: "close" },
      JSON.stringify({ error: "invalid_input", message: "A verify request has no body." }),
    );
  }
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const ua = header("user-agent");
  const meta = { ip: clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustProxy), userAgent: ua ? ua.slice(0, 512) : null };
  verify(endpoint, header, meta).then(
    (answer) => {
      send(req, res, answer.status, answer.headers, answer.body);
      if (answer.after)
        res.once("finish", () => void answer.after!().catch((error: unknown) => log.error("forward auth: activity write failed", { err: error })));
    },
    (error: unknown) => {
      log.error("forward auth: verify failed", { err: error });
      send(
        req,
        res,
        503,
        { "Content-Type": "application/json", "Retry-After": "5" },
        JSON.stringify({ error: "unavailable", message: "Try again in a moment." }),
      );
    },
  );
}

function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "Cache-Control": "no-store", ...headers, "Content-Length": String(req.method === "HEAD" ? 0 : Buffer.byteLength(body)) });
  res.end(req.method === "HEAD" ? undefined : body);
}
