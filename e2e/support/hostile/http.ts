import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";

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
  /** A list sends the header once per value (a duplicated header). */
  headers: Record<string, string | string[]>;
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
  return (
    req.method.length +
    req.path.length +
    12 +
    Object.entries(req.headers).reduce((n, [k, v]) => n + [v].flat().reduce((m, one) => m + k.length + one.length + 4, 0), 0)
  );
}
export const NODE_MAX_HEADER_BYTES = 16 * 1024;

const MAX_READ = 1024 * 1024;

/** What node:http will not put on the wire (its header-value rule; the path is stricter still). */
const UNSENDABLE = /[^\t\x20-\x7e\x80-\xff]/;
const needsRawSocket = (req: HostileRequest) =>
  UNSENDABLE.test(req.path) ||
  Object.values(req.headers)
    .flat()
    .some((v) => UNSENDABLE.test(v));

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
    if (needsRawSocket(req)) return this.#sendRaw(req, timeoutMs);
    const url = new URL(this.origin);
    return new Promise((resolve) => {
      let settled = false;
      const done = (answer: Answer) => {
        if (settled) return;
        settled = true;
        resolve(answer);
      };
      const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
      const headers: Record<string, string | string[]> = { ...req.headers };
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

  /** The request line and headers byte for byte (latin1), `Connection: close`, the answer read until the server hangs up. */
  #sendRaw(req: HostileRequest, timeoutMs: number): Promise<Answer> {
    const url = new URL(this.origin);
    const lines = [`${req.method} ${req.path} HTTP/1.1`, `host: ${url.host}`, "connection: close"];
    for (const [name, value] of Object.entries(req.headers)) for (const one of [value].flat()) lines.push(`${name}: ${one}`);
    const body = req.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
    if (body.length && !Object.keys(req.headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h))) lines.push(`content-length: ${body.length}`);
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let error: string | undefined;
      const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
        socket.write(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), body]));
      });
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("error", (e) => (error = e.message));
      socket.on("close", () => resolve(parseRawAnswer(Buffer.concat(chunks), error)));
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** Status, headers (lower-case names, repeats joined) and body of a raw HTTP/1.1 answer; status 0 when there is none. */
function parseRawAnswer(bytes: Buffer, error: string | undefined): Answer {
  const end = bytes.indexOf("\r\n\r\n");
  const head = bytes.subarray(0, end < 0 ? bytes.length : end).toString("latin1");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!status) return { status: 0, headers: {}, body: "", error: error ?? "connection closed" };
  const headers: IncomingHttpHeaders = {};
  for (const line of head.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${String(headers[name])}, ${value}`;
  }
  return { status: Number(status[1]), headers, body: end < 0 ? "" : bytes.subarray(end + 4, end + 4 + MAX_READ).toString("utf8"), error };
}

/** Runs `work` over `items` with at most `concurrency` at a time, in order of the items. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
