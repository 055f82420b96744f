import { errorResponse, type ErrorCode } from "@/lib/errors";
import { MAX_BODY_BYTES } from "@/lib/net/limits";

/**
 * Refuses, before Next.js handles them, the requests that Next.js itself
 * answers with 500 (vercel/next.js#86945 and friends) instead of a 4xx:
 *
 * - a path whose percent-encoding is broken ("/login/challenge/%FF": Next
 *   fails decoding the dynamic segment);
 * - a server-action request (a POST with `Next-Action`, or any multipart POST:
 *   a form posted without JavaScript) whose `Origin` does not parse or names
 *   another site — Next refuses those too, but with a 500;
 * - a server-action body that React's decoder would choke on: broken JSON,
 *   broken multipart, arguments that are not a list, references to parts that
 *   do not exist, absurd nesting.
 *
 * Bodies are held to what Gatehouse's own forms send — strings, numbers,
 * booleans, plain objects and lists (the previous form state), and one
 * FormData — rather than to everything React's wire format can carry. React
 * outlines only Maps, Sets, promises, files, iterables, functions and objects
 * that occur twice; a form that ever sends one gets a 400 here, visibly, not a
 * crash later. What the arguments mean is still each action's own business.
 */

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * What scripts/serve.ts refuses from the request line and headers alone, before
 * Next reads a byte of the body: a declared body over MAX_BODY_BYTES (413), a
 * body without a declared length (411: a chunked body cannot be refused early,
 * and no client of Gatehouse needs to stream one), and methods Next has no
 * answer for but a 500 (TRACE and friends: 405).
 */
export function earlyRefusal(method: string | undefined, headers: { "content-length"?: string; "transfer-encoding"?: string }): ErrorCode | null {
  if (!METHODS.has(method ?? "")) return "method_not_allowed";
  if (headers["transfer-encoding"] !== undefined) return "length_required";
  const length = Number(headers["content-length"] ?? 0);
  return Number.isFinite(length) && length > MAX_BODY_BYTES ? "payload_too_large" : null;
}

const MAX_DEPTH = 32;
const MAX_VALUES = 100_000;
/** No action takes more than a handful of arguments (React allows 1,000; Next answers more with 500). */
const MAX_ARGS = 32;

/** True when a segment of the path does not percent-decode (invalid UTF-8 or a stray "%"). */
export function malformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** A request Next treats as a server-action call: a POST with `Next-Action`, or any multipart POST. */
export function isActionRequest(method: string, headers: Headers): boolean {
  if (method !== "POST") return false;
  return headers.has("next-action") || (headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

/**
 * The same-origin rule Next applies to server actions (CSRF protection): no
 * `Origin` (a hand-made request, which carries no one else's cookies), or one
 * whose host is the request's `X-Forwarded-Host` or `Host`.
 */
export function foreignOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true;
  }
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return !host || (host !== forwarded && host !== headers.get("host"));
}

type Parts = { get(name: string): string | undefined; multipart: boolean };

/** Why React could not decode this server-action body, or null. */
export async function actionBodyProblem(headers: Headers, body: ArrayBuffer): Promise<string | null> {
  const contentType = headers.get("content-type") ?? "";
  const fetchAction = headers.has("next-action");
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    // URL-encoded bodies are not action calls (Next answers 404); anything else is read as one JSON reply.
    if (!fetchAction || contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) return null;
    const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
    return replyProblem({ get: (name) => (name === "0" ? text : undefined), multipart: false }, "", "list");
  }
  const headersProblem = partHeadersProblem(Buffer.from(body), contentType);
  if (headersProblem) return headersProblem;
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    return "the form data cannot be read";
  }
  const parts: Parts = {
    get: (name) => {
      const values = form.getAll(name);
      return values.length === 1 && typeof values[0] === "string" ? values[0] : undefined;
    },
    multipart: true,
  };
  if (fetchAction) return replyProblem(parts, "", "list");
  // A form posted without JavaScript: each `$ACTION_REF_<n>` carries `$ACTION_<n>:0` = { id, bound }.
  for (const key of form.keys()) {
    if (!key.startsWith("$ACTION_REF_")) continue;
    const problem = replyProblem(parts, `$ACTION_${key.slice("$ACTION_REF_".length)}:`, "descriptor");
    if (problem) return problem;
  }
  return null;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The header lines of each part, held to the rules of busboy, which Next parses
 * server-action bodies with (undici, which reads them here, is more lenient):
 * at most 16 KB, `name: value` with a token for a name and no control
 * character in the value.
 */
function partHeadersProblem(body: Buffer, contentType: string): string | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}\r\n`, "latin1");
  for (let at = body.indexOf(delimiter); at >= 0; at = body.indexOf(delimiter, at + delimiter.length)) {
    if (at > 0 && (body[at - 2] !== 13 || body[at - 1] !== 10)) continue;
    const start = at + delimiter.length;
    const end = body.indexOf("\r\n\r\n", start, "latin1");
    if (end < 0 || end - start > 16 * 1024) return "a part's header is cut off or too long";
    for (const line of body.subarray(start, end).toString("latin1").split("\r\n")) {
      const folded = line.startsWith(" ") || line.startsWith("\t");
      const colon = line.indexOf(":");
      if (!folded && (colon <= 0 || !TOKEN.test(line.slice(0, colon)))) return "a part's header is malformed";
      if (!FIELD_VALUE.test(folded ? line : line.slice(colon + 1))) return "a part's header is malformed";
    }
  }
  return null;
}

/** Checks the reply rooted at `<prefix>0`: valid JSON throughout, and only references a Gatehouse form can send. */
function replyProblem(parts: Parts, prefix: string, root: "list" | "descriptor"): string | null {
  let values = 0;
  const parsed = new Map<string, unknown>();
  const chunk = (id: string): { value: unknown } | string => {
    if (parsed.has(id)) return { value: parsed.get(id) };
    const text = parts.get(`${prefix}${id}`);
    if (text === undefined) return `part ${id} is missing`;
    try {
      const value: unknown = JSON.parse(text);
      parsed.set(id, value);
      return { value };
    } catch {
      return `part ${id} is not JSON`;
    }
  };
  const check = (value: unknown, depth: number): string | null => {
    if (++values > MAX_VALUES) return "too many values";
    if (depth > MAX_DEPTH) return "nested too deeply";
    if (typeof value === "string") return value.startsWith("$") ? token(value) : null;
    if (Array.isArray(value)) {
      for (const item of value) {
        const problem = check(item, depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    if (value !== null && typeof value === "object") {
      for (const item of Object.values(value)) {
        const problem = check(item, depth + 1);
        if (problem) return problem;
      }
    }
    return null;
  };
  const token = (s: string): string | null => {
    if (s.startsWith("$$") || s === "$undefined" || s === "$NaN" || s === "$Infinity" || s === "$-Infinity" || s === "$-0" || s.startsWith("$D")) return null;
    if (/^\$n-?\d{1,300}$/.test(s)) return null;
    if (parts.multipart && /^\$K[0-9a-f]{1,8}$/.test(s)) return null;
    return "a reference Gatehouse's forms never send";
  };

  const top = chunk("0");
  if (typeof top === "string") return top;
  if (root === "list") {
    if (!Array.isArray(top.value)) return "the arguments are not a list";
    if (top.value.length > MAX_ARGS) return "too many arguments";
    return check(top.value, 0);
  }
  // { "id": "<action id>", "bound": null | "$@<n>" } with part <n> the list of bound arguments.
  const descriptor = top.value as { id?: unknown; bound?: unknown } | null;
  if (typeof descriptor !== "object" || descriptor === null || typeof descriptor.id !== "string") return "the action descriptor is not { id, bound }";
  if (descriptor.bound === null) return null;
  const ref = typeof descriptor.bound === "string" ? /^\$@([0-9a-f]{1,8})$/.exec(descriptor.bound) : null;
  if (!ref) return "the bound arguments are not a reference";
  const bound = chunk(ref[1]!);
  if (typeof bound === "string") return bound;
  if (!Array.isArray(bound.value)) return "the bound arguments are not a list";
  if (bound.value.length > MAX_ARGS) return "too many arguments";
  return check(bound.value, 0);
}

/** The early answer to a request Next would fail on, or null to let it through. */
export async function refuseMalformed(request: Request, pathname: string): Promise<Response | null> {
  if (malformedPath(pathname)) return errorResponse("invalid_input", { message: "The address is not valid." });
  if (!isActionRequest(request.method, request.headers)) return null;
  if (foreignOrigin(request.headers)) return errorResponse("forbidden", { message: "Cross-site form submissions are refused." });
  let body: ArrayBuffer;
  try {
    body = await request.clone().arrayBuffer();
  } catch {
    return errorResponse("invalid_input", { message: "The request body cannot be read." });
  }
  const problem = await actionBodyProblem(request.headers, body);
  return problem ? errorResponse("invalid_input", { message: `The request cannot be decoded: ${problem}.` }) : null;
}
