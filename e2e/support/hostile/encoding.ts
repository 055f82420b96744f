import type { Random } from "./random";
import { UNDEFINED } from "./values";

/**
 * How a browser's React encodes a server-action call (encodeReply), written out
 * so that the fuzz can send it faithfully — and then break it on purpose.
 *
 * The arguments are one JSON array (the "root", field `0`): strings starting
 * with "$" are escaped as "$$…", `undefined` is "$undefined", a FormData is
 * "$K<n>" with its entries sent as the multipart fields `_<n>_<name>`. Without
 * a FormData the body is that JSON alone, as text/plain. A form submitted
 * before JavaScript loaded (no `Next-Action` header) carries
 * `$ACTION_REF_1`, `$ACTION_1:0` = {"id", "bound": "$@1"} and `$ACTION_1:1` =
 * the bound arguments, next to the form's own fields.
 */

export type Part = { name: string; value: string | Buffer; filename?: string; type?: string };

/** A FormData argument. */
export class Form {
  constructor(readonly parts: Part[]) {}
}

export type Body = { contentType: string; body: Buffer | string };

/** The reply JSON of `args`; FormData arguments are numbered from 1 and returned for the multipart body. */
export function replyJson(args: unknown, forms: Form[] = []): string {
  const escape = (value: unknown): unknown => {
    if (value === UNDEFINED || value === undefined) return "$undefined";
    if (typeof value === "string") return value.startsWith("$") ? `$${value}` : value;
    if (value instanceof Form) {
      forms.push(value);
      return `$K${forms.length.toString(16)}`;
    }
    if (Array.isArray(value)) return value.map(escape);
    if (value && typeof value === "object") {
      // Keys as given, "__proto__" included (JSON.parse makes it an own property).
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: escape(v), enumerable: true });
      return out;
    }
    return value;
  };
  return JSON.stringify(escape(args));
}

export function multipart(parts: Part[], r: Random): Body {
  const boundary = `----gatehouse-fuzz-${r.int(2 ** 31).toString(36)}${r.int(2 ** 31).toString(36)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const name = part.name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"`;
    if (part.filename !== undefined)
      head += `; filename="${part.filename.replace(/"/g, "%22").replace(/[\r\n]/g, "")}"\r\nContent-Type: ${part.type ?? "application/octet-stream"}`;
    chunks.push(Buffer.from(`${head}\r\n\r\n`, "utf8"), Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value, "utf8"), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** A fetch action's body (with the `Next-Action` header): text/plain JSON, or multipart when a FormData is among the arguments. */
export function fetchActionBody(args: unknown[], r: Random): Body {
  const forms: Form[] = [];
  const root = replyJson(args, forms);
  if (forms.length === 0 && r.chance(0.85)) return { contentType: "text/plain;charset=UTF-8", body: root };
  const parts: Part[] = [];
  forms.forEach((form, i) => parts.push(...form.parts.map((p) => ({ ...p, name: `_${(i + 1).toString(16)}_${p.name}` }))));
  // The root goes last, as React sends it: the server decodes while the body streams in, and a FormData
  // reference in the root takes the entries that arrived before it.
  parts.push({ name: "0", value: root });
  return multipart(parts, r);
}

/** A form posted without JavaScript (no `Next-Action` header): bound arguments and the previous state ride in hidden fields. */
export function noScriptFormBody(actionId: string, bound: unknown[], form: Form, r: Random): Body {
  const parts: Part[] = [
    { name: "$ACTION_REF_1", value: "" },
    { name: "$ACTION_1:0", value: JSON.stringify({ id: actionId, bound: "$@1" }) },
    { name: "$ACTION_1:1", value: replyJson(bound) },
    { name: "$ACTION_KEY", value: `k${r.int(1e9)}` },
    ...form.parts,
  ];
  return multipart(parts, r);
}

/** The same without bound arguments: `$ACTION_ID_<id>` and the fields (the action gets the FormData as its only argument). */
export function noScriptIdBody(actionId: string, form: Form, r: Random): Body {
  return multipart([{ name: `$ACTION_ID_${actionId}`, value: "" }, ...form.parts], r);
}
