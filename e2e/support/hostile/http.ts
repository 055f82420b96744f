import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";

/**
 * A deliberately dumb HTTP client for hostile requests: node:http with the
 * bytes we give it (header values are sent as latin1, so a string made with
 * `buffer.toString("latin1")` puts any byte 0x80–0xff on the wire), no cookie
 * jar, no redirects followed, no retries.
 */

export type HostileRequest = {
  /** What the request is, for the report: "action loginAction · member · reply-text · wrong types". */
  label: string;
  method: string;
  /** Path and query, already percent-encoded as far as node:http insists (it refuses spaces and non-ASCII). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** The body is larger than the server takes: it must answer 413 (we may still be sending when it does). */
  oversized?: boolean;
};

export type Answer = { status: number; headers: IncomingHttpHeaders; body: string; error?: string };

/**
 * node:http refuses request headers over 16 KB with 431 and closes the connection at
 * once (no lingering: that is node's code, not ours), so a client still sending may
 * see a reset instead of the 431.
 */
export function headerBytes(req: Pick<HostileRequest, "method" | "path" | "headers">): number {
  return req.method.length + req.path.length + 12 + Object.entries(req.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
}
export const NODE_MAX_HEADER_BYTES = 16 * 1024;

const MAX_READ = 1024 * 1024;

export class HostileClient {
  readonly #agent: Agent;

  constructor(
    readonly origin: string,
    concurrency: number,
  ) {
    // A fresh connection per request: a reset then means this request was cut off, never an idle socket reused at a bad moment.
    this.#agent = new Agent({ keepAlive: false, maxSockets: concurrency });
  }

  send(req: HostileRequest, timeoutMs = 60_000): Promise<Answer> {
    const url = new URL(this.origin);
    return new Promise((resolve) => {
      let settled = false;
      const done = (answer: Answer) => {
        if (settled) return;
        settled = true;
        resolve(answer);
      };
      const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
      const headers: Record<string, string> = { ...req.headers };
      if (body && !Object.keys(headers).some((h) => h.toLowerCase() === "content-length" || h.toLowerCase() === "transfer-encoding")) {
        headers["content-length"] = String(body.length);
      }
      let outgoing;
      try {
        // Headers up to 256 KB (node's default is 16 KB): a huge header in an answer is worth seeing, not a parse error.
        outgoing = httpRequest({
          host: url.hostname,
          port: url.port,
          method: req.method,
          path: req.path,
          headers,
          agent: this.#agent,
          timeout: timeoutMs,
          maxHeaderSize: 256 * 1024,
        });
      } catch (error) {
        // node:http refused to put it on the wire (an invalid header byte, say): the generator's mistake, not the server's.
        throw new Error(`cannot send ${req.label}: ${(error as Error).message}`);
      }
      outgoing.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < MAX_READ) chunks.push(chunk);
          size += chunk.length;
        });
        res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (error) =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), error: error.message }),
        );
      });
      outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      outgoing.on("error", (error) => done({ status: 0, headers: {}, body: "", error: error.message }));
      if (body) outgoing.write(body);
      outgoing.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time, in order of the items. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
