import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server standing in for a gateway service. Each fake decides the
 * answers (in the service's documented format); `mode` makes it fail the way
 * real services do: "error500" answers 500, "hang" never answers.
 */

export type FakeRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingMessage["headers"]; body: string };
export type FakeMode = "ok" | "error500" | "hang";
export type Handler = (req: FakeRequest, res: ServerResponse) => void;

export type HttpFake = { url: string; requests: FakeRequest[]; mode: FakeMode; close(): Promise<void> };

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

export function text(res: ServerResponse, status: number, body = ""): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);
}

export async function startHttpFake(
  handler: Handler,
  error500: (res: ServerResponse, req: FakeRequest) => void = (res) => text(res, 500, "Internal Server Error"),
): Promise<HttpFake> {
  const fake: HttpFake = { url: "", requests: [], mode: "ok", close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const request = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      fake.requests.push(request);
      if (fake.mode === "hang") return; // never answers
      if (fake.mode === "error500") return error500(res, request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
