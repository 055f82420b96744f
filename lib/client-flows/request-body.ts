import "server-only";

/**
 * The body of a client-flow request: `application/x-www-form-urlencoded` (what
 * OAuth clients and Nextcloud clients send) or a JSON object, as flat string
 * fields; query parameters fill in what the body lacks. Anything else, or over
 * 8 KiB, is refused with a reason (a 400, never a 500).
 */

const MAX_BODY = 8 * 1024;

export type Fields = Record<string, string>;

export async function readFields(request: Request): Promise<{ ok: true; fields: Fields } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false, message: "The request body could not be read." };
  }
  if (text.length > MAX_BODY) return { ok: false, message: "The request body is too large." };
  const fields: Fields = Object.create(null) as Fields;
  for (const [k, v] of new URL(request.url).searchParams) fields[k] = v;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (text.trim() === "") return { ok: true, fields };
  if (type === "application/json" || (type === "" && text.trimStart().startsWith("{"))) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, message: "The request body is not valid JSON." };
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, message: "Expected a JSON object." };
    for (const [k, v] of Object.entries(json)) if (typeof v === "string") fields[k] = v;
    return { ok: true, fields };
  }
  for (const [k, v] of new URLSearchParams(text)) fields[k] = v;
  return { ok: true, fields };
}
