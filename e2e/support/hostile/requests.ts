import { fetchActionBody, Form, multipart, noScriptFormBody, noScriptIdBody, replyJson, type Body, type Part } from "./encoding";
import type { HostileRequest } from "./http";
import type { Random } from "./random";
import type { RouteHandler, ServerAction } from "./surface";
import { clientAddress, hostileJson, hostileString, invalidText, invalidUtf8, NASTY_STRINGS, randomString, UNDEFINED, wrongType } from "./values";

/**
 * Builds the hostile requests. Two rules keep "the database is unchanged" a
 * fair assertion:
 *
 * - A signed-in identity only sends requests that are invalid *whatever the
 *   validator*: a bound argument of the wrong type, a name that exists nowhere,
 *   another user's token id, a control character in a text field, no FormData
 *   where the form goes, or a body that cannot be decoded at all. Anything else
 *   could be a legitimate request ("create an app password called ' OR 1=1"),
 *   and legitimate requests change the database.
 * - An action that reads nothing from the client (signing out) does what it
 *   does whatever the body says; a signed-in identity sends it only bodies that
 *   must be refused before the action runs.
 *
 * Identities without a session (anonymous, forged cookies, a sign-in waiting
 * for its second factor) send anything: there the guards must hold.
 */

export type Identity = {
  name: string;
  /** The Cookie header of one request (the forger makes a new one each time). */
  cookie(r: Random): string | undefined;
  /** Has a live session: sends only requests that are invalid by construction. */
  signedIn: boolean;
  /** Its own token ids, never sent as an id to revoke or rename (that would be a legitimate request). */
  ownTokenIds: number[];
  /** Where its actions are posted (a sign-in in progress is held to the challenge pages); default: the pages hosting the action. */
  postPaths?: string[];
};

export type Context = {
  /** The server, as the browser sees it (Origin and the open-redirect check). */
  origin: string;
  /** Names that exist: provider and channel ids, the fuzz users' logins, group names. Only ever sent next to something invalid. */
  realNames: string[];
  /** Token ids of other users: sent where an id is expected, to probe that nobody acts on another user's rows. */
  foreignTokenIds: number[];
  /** Values for dynamic segments: "[provider]" → ["totp", …]. */
  segments: Record<string, string[]>;
};

export type Planned = HostileRequest & {
  /** Must be refused on the way in (4xx) — it never reaches an action. */
  refusedOnTheWay: boolean;
  /** Values sent in secret fields (passwords, codes) that no answer may contain. */
  canaries: string[];
  /** What is being attacked: an action name, a route or a page path (for the reach count). */
  target: string;
};

const SECRET_FIELDS = /^(password|current|repeat|code|secret|token)$/;
const EXTRA_FIELDS = [
  "$ACTION_ID_0",
  "__proto__",
  "constructor",
  "url",
  "token",
  "apiKey",
  "number",
  "recipient",
  "from",
  "to",
  "id",
  "name",
  "login",
  "password",
  "code",
  "groups",
  "mode",
];

function baseHeaders(r: Random, identity: Identity, ctx: Context): Record<string, string> {
  const headers: Record<string, string> = { "x-forwarded-for": clientAddress(r) };
  const cookie = identity.cookie(r);
  if (cookie !== undefined) headers.cookie = cookie;
  if (r.chance(0.3)) headers["user-agent"] = r.chance(0.5) ? hostileHeaderValue(r) : "Mozilla/5.0 (X11; Linux x86_64) Gatehouse-Fuzz";
  if (r.chance(0.3)) headers.origin = ctx.origin;
  return headers;
}

/** A header value with anything node:http lets through: latin1 bytes (so, UTF-8 and non-UTF-8 bytes), quotes, huge. */
export function hostileHeaderValue(r: Random): string {
  const roll = r.next();
  const bytes =
    roll < 0.3
      ? invalidUtf8(r)
      : Buffer.from(roll < 0.5 ? randomString(r, 1 + r.int(60)) : roll < 0.6 ? "A".repeat(4_000 + r.int(6_000)) : r.pick(NASTY_STRINGS), "utf8");
  // Each byte as one latin1 character: node:http puts exactly these bytes on the wire; it refuses only control characters.
  return bytes.toString("latin1").replace(/[\x00-\x08\x0a-\x1f\x7f]/g, "?") || "x";
}

function pct(s: string): string {
  return [...Buffer.from(s, "utf8")]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`))
    .join("");
}

function fillSegments(r: Random, page: string, ctx: Context): string {
  return page.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    if (r.chance(0.75)) return pct(r.pick(ctx.segments[name] ?? ["x"]));
    return r.pick(["%FF", "%E0%A4%A", "%00", "..%2F..%2Fadmin", "%2e%2e", pct(hostileString(r).slice(0, 200)), "a".repeat(3000)]);
  });
}

function ownId(identity: Identity, value: string): boolean {
  const m = /^\s*\+?0*(\d+)\s*$/.exec(value);
  return m !== null && identity.ownTokenIds.includes(Number(m[1]));
}

// ── server actions ────────────────────────────────────────────────────────────

type Call = { args: unknown[]; form: Form | null; invalid: string[]; canaries: string[] };

function fieldParts(r: Random, action: ServerAction, identity: Identity, ctx: Context, canaries: string[], invalid: string[]): Part[] {
  const parts: Part[] = [];
  for (const field of action.fields) {
    if (r.chance(0.08)) continue; // missing
    for (let i = 0, n = field.kind === "list" || r.chance(0.05) ? 1 + r.int(4) : 1; i < n; i++)
      parts.push({ name: field.name, ...fieldValue(r, field, identity, ctx, canaries, invalid) });
  }
  for (let i = 0, n = r.chance(0.3) ? 1 + r.int(3) : 0; i < n; i++)
    parts.push({ name: r.chance(0.7) ? r.pick(EXTRA_FIELDS) : hostileString(r).slice(0, 300), value: hostileString(r) });
  // A control character in a text field makes the whole request invalid, whatever else it says.
  const text = action.fields.filter((f) => f.kind === "text");
  if (identity.signedIn && invalid.length === 0 && text.length > 0) {
    // Every copy of the field (the action reads the first; the order may be shuffled below).
    const field = r.pick(text);
    const kept = parts.filter((p) => p.name !== field.name);
    const copies = Math.max(1, parts.length - kept.length);
    parts.splice(0, parts.length, ...kept);
    for (let i = 0; i < copies; i++) parts.push({ name: field.name, value: `${secretPrefix(r, field.name, canaries)}${invalidText(r)}` });
    invalid.push(`control character in "${field.name}"`);
  }
  return r.chance(0.1) ? parts.reverse() : parts;
}

function secretPrefix(r: Random, field: string, canaries: string[]): string {
  if (!SECRET_FIELDS.test(field)) return "";
  const canary = `cnry${r.int(2 ** 30).toString(36)}q`;
  canaries.push(canary);
  return canary;
}

function fieldValue(
  r: Random,
  field: ServerAction["fields"][number],
  identity: Identity,
  ctx: Context,
  canaries: string[],
  invalid: string[],
): Omit<Part, "name"> {
  if (field.kind === "flag") return { value: r.chance(0.5) ? r.pick(["on", "true", "1", "", "off", "false", "0"]) : hostileString(r) };
  if (field.name === "id" && ctx.foreignTokenIds.length > 0 && r.chance(0.3)) {
    // Someone else's session or app password: no one may revoke or rename it but its owner.
    invalid.push(`another user's token id in "id"`);
    return { value: String(r.pick(ctx.foreignTokenIds)) };
  }
  const roll = r.next();
  if (roll < 0.06)
    return {
      value: invalidUtf8(r),
      filename: r.pick(["a.txt", "../../x", "\u0000.png", ""]),
      type: r.pick(["text/plain", "image/png", "application/x-msdownload"]),
    };
  if (roll < 0.16) return { value: Buffer.concat([Buffer.from(secretPrefix(r, field.name, canaries)), invalidUtf8(r)]) };
  if (roll < 0.26) return { value: r.pick(ctx.realNames) };
  let value = `${secretPrefix(r, field.name, canaries)}${r.chance(0.2) ? invalidText(r) : hostileString(r)}`;
  if (field.name === "id" && ownId(identity, value)) value = invalidText(r);
  return { value };
}

/** An argument list for `action`, valid or not; `invalid` says what makes it invalid whatever the validator. */
function actionCall(r: Random, action: ServerAction, identity: Identity, ctx: Context): Call {
  const invalid: string[] = [];
  const canaries: string[] = [];
  const bound: unknown[] = action.bound.map((param) => {
    if (r.chance(0.25)) {
      invalid.push(`bound "${param.name}" is not a ${param.type}`);
      return wrongType(r, param.type);
    }
    if (param.type === "boolean") return r.chance(0.5);
    // A name that exists nowhere is refused whatever the action does with it; a "next" is not a name.
    if (!/next/i.test(param.name)) invalid.push(`bound "${param.name}" names nothing`);
    return hostileString(r).slice(0, r.chance(0.9) ? 200 : 100_000);
  });
  // Real names only where something else already makes the call invalid (a real name alone is a real request).
  const nameSlots = action.bound.map((p, i) => (p.type === "string" && !/next/i.test(p.name) ? i : -1)).filter((i) => i >= 0);
  if (nameSlots.length > 0 && r.chance(0.5)) {
    const wrongTyped = invalid.some((why) => why.includes("is not a"));
    if (wrongTyped || !identity.signedIn) {
      for (const i of nameSlots) {
        if (typeof bound[i] !== "string") continue;
        bound[i] = r.pick(ctx.realNames);
        const at = invalid.indexOf(`bound "${action.bound[i]!.name}" names nothing`);
        if (at >= 0) invalid.splice(at, 1);
      }
    }
  }
  if (!action.takesForm) return { args: r.chance(0.5) ? bound : [...bound, hostileJson(r)], form: null, invalid, canaries };

  const prev = r.chance(0.4) ? null : hostileJson(r);
  if (r.chance(0.15)) {
    invalid.push("no FormData where the form goes");
    const notAForm = r.chance(0.2) ? new Form([]) : wrongType(r, "FormData");
    if (notAForm instanceof Form) return { args: [...bound, prev, { get: "x", getAll: ["x"], entries: [] }], form: null, invalid, canaries };
    return { args: r.chance(0.3) ? [...bound] : [...bound, prev, notAForm], form: null, invalid, canaries };
  }
  const form = new Form(fieldParts(r, action, identity, ctx, canaries, invalid));
  const args: unknown[] = [...bound, prev, form];
  if (r.chance(0.05)) args.push(hostileJson(r), hostileJson(r));
  if (r.chance(0.05)) args.unshift(hostileJson(r));
  return { args, form, invalid, canaries };
}

/** Bodies that cannot be decoded into a call at all: broken JSON, unknown references, broken multipart, … */
function undecodableBody(r: Random, action: ServerAction): { body: Body; why: string; headers?: Record<string, string> } {
  const text = (body: string | Buffer, why: string, contentType = "text/plain;charset=UTF-8") => ({ body: { contentType, body }, why });
  const root = replyJson([null, "x"]);
  switch (r.int(16)) {
    case 0:
      return text(r.pick(["[", "[null,", "", "{", "[1,2]]", '"unterminated', "[undefined]", "[NaN]", "[0x10]", "['x']", "[1,]"]), "broken JSON");
    case 1:
      return text(Buffer.concat([Buffer.from('["'), invalidUtf8(r), Buffer.from('"')]), "broken JSON with bytes that are not UTF-8");
    case 2:
      return text(r.pick(['{"0":1}', '"args"', "42", "null", "true", '{"length":3}']), "arguments that are not a list");
    case 3:
      return text(`${"[".repeat(2_000 + r.int(60_000))}${"]".repeat(2_000)}`, "absurdly deep nesting");
    case 4:
      return text(JSON.stringify(Array.from({ length: 1_001 + r.int(3_000) }, () => 0)), "more than a thousand arguments");
    case 5: {
      const token = r.pick([
        "$@1",
        "$1",
        "$1:a:b",
        "$Q1",
        "$W1",
        "$h1",
        "$i1",
        "$A1",
        "$B1",
        "$R1",
        "$r1",
        "$X1",
        "$x1",
        "$K1",
        "$Z",
        "$S1",
        "$E",
        "$F1",
        "$T",
      ]);
      return text(JSON.stringify(r.chance(0.5) ? [token] : [null, { a: [token] }]), `reference "${token}" to nothing`);
    }
    case 6:
      return text(JSON.stringify([r.pick(["$n12x", `$n${"9".repeat(301 + r.int(500))}`, "$n-", "$n0x1"])]), "a BigInt that is not one");
    case 7: {
      const m = multipart([{ name: "1", value: root }], r);
      return { body: m, why: "multipart without the root field" };
    }
    case 8: {
      const m = multipart([{ name: "0", value: r.pick(["[", "{}", "7", '["$1"]', '["$@2"]', '["$Q3"]']) }], r);
      return { body: m, why: "multipart whose root is broken or points to nothing" };
    }
    case 9: {
      const m = multipart(
        [
          { name: "0", value: '["$1"]' },
          { name: "1", value: r.pick(["[", '{"a":"$2"}', '"$@9"']) },
        ],
        r,
      );
      return { body: m, why: "multipart whose referenced part is broken" };
    }
    case 10: {
      const m = multipart([{ name: "0", value: root, filename: "root.json", type: "application/json" }], r);
      return { body: m, why: "the root sent as a file" };
    }
    case 11: {
      const m = multipart([{ name: "0", value: root }], r);
      const cut = Math.max(10, Math.floor((m.body as Buffer).length * r.next()));
      const broken = r.pick([
        { body: (m.body as Buffer).subarray(0, cut), contentType: m.contentType, why: "multipart cut off" },
        { body: m.body, contentType: "multipart/form-data", why: "multipart without a boundary" },
        { body: m.body, contentType: "multipart/form-data; boundary=not-the-one", why: "multipart with the wrong boundary" },
        { body: r.bytes(200 + r.int(2_000)), contentType: m.contentType, why: "random bytes as multipart" },
        {
          body: Buffer.from("--x\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--x--\r\n"),
          contentType: "multipart/form-data; boundary=x",
          why: "a part without a name",
        },
      ]);
      return { body: { contentType: broken.contentType, body: broken.body }, why: broken.why };
    }
    case 12:
      return text(r.bytes(50 + r.int(5_000)), "random bytes", r.pick(["text/plain", "application/json", "application/octet-stream", "image/png", ""]));
    case 13: {
      const headers = {
        origin: r.pick([
          "null",
          "garbage",
          "http://evil.example",
          "http://localhost:1",
          "http://[::1",
          "file://",
          "https://localhost",
          "http://localhost.evil.example",
          "\u00ff\u00fe",
        ]),
      };
      return { body: fetchActionBody([null, new Form([{ name: "x", value: "y" }])], r), why: `cross-origin (Origin: ${headers.origin})`, headers };
    }
    case 14: {
      const parts: Part[] = [{ name: "$ACTION_REF_1", value: "" }];
      if (r.chance(0.8))
        parts.push({
          name: "$ACTION_1:0",
          value: r.pick([
            "{",
            `{"id":"${action.id}","bound":"$@2"}`,
            `{"id":"${action.id}","bound":"$Q1"}`,
            `{"id":"${action.id}","bound":{"a":1}}`,
            `{"id":7}`,
            "[]",
            `{"id":"${action.id}"`,
          ]),
        });
      if (r.chance(0.5)) parts.push({ name: "$ACTION_1:1", value: r.pick(["[", '"$@1"', "{}", '["$K9"]']) });
      return { body: multipart(parts, r), why: "a no-JavaScript form with broken hidden fields", headers: { "next-action": "" } };
    }
    default: {
      const id = r.pick([
        "zz",
        "0".repeat(42),
        `${action.id.slice(0, 41)}${action.id.endsWith("0") ? "1" : "0"}`,
        action.id.toUpperCase(),
        `${action.id}00`,
        "x".repeat(2_000),
        "../../app/actions",
        "\u00e9".repeat(42),
      ]);
      return { body: fetchActionBody([null], r), why: `unknown action id "${id.slice(0, 50)}"`, headers: { "next-action": id } };
    }
  }
}

export function actionRequest(r: Random, action: ServerAction, identity: Identity, ctx: Context): Planned {
  const paths = identity.postPaths ?? (action.pages.length > 0 ? action.pages : ["/"]);
  // Mostly where the action's form is; sometimes any page (Next hands the call to the page that has the action).
  let path = fillSegments(
    r,
    r.chance(0.75) ? r.pick(paths) : r.pick(["/", "/login", "/setup", "/no-such-page", "/login/challenge/x", "/settings/security"]),
    ctx,
  );
  if (r.chance(0.15)) path += `?${r.pick(["next", "x", "_rsc", "__proto__"])}=${pct(hostileString(r).slice(0, 500))}`;
  const headers: Record<string, string> = { ...baseHeaders(r, identity, ctx), "next-action": action.id, accept: "text/x-component" };
  if (r.chance(0.1)) headers["next-router-state-tree"] = r.chance(0.5) ? hostileHeaderValue(r) : pct(JSON.stringify(hostileJson(r)) ?? "undefined");
  const label = (how: string) => `action ${action.name} · ${identity.name} · ${how}`;

  // Valid for what it is, or too big to be taken at all.
  const transport = identity.signedIn && action.inputFree ? 1 : r.chance(0.25) ? 1 : 0;
  if (transport) {
    if (r.chance(0.04)) {
      return {
        label: label("a body larger than the server takes"),
        target: action.name,
        method: "POST",
        path,
        headers: { ...headers, "content-type": "text/plain;charset=UTF-8" },
        body: Buffer.alloc(2 * 1024 * 1024 + 65 * 1024 + r.int(1024 * 1024), 0x5b),
        oversized: true,
        refusedOnTheWay: true,
        canaries: [],
      };
    }
    if (r.chance(0.03)) {
      return {
        label: label("a chunked body (no length)"),
        target: action.name,
        method: "POST",
        path,
        headers: { ...headers, "content-type": "text/plain;charset=UTF-8", "transfer-encoding": "chunked" },
        body: Buffer.from(`5\r\n[null\r\n2\r\n,1\r\n1\r\n]\r\n0\r\n\r\n`),
        refusedOnTheWay: true,
        canaries: [],
      };
    }
    const junk = undecodableBody(r, action);
    const h: Record<string, string> = { ...headers, ...junk.headers };
    if (h["next-action"] === "") delete h["next-action"];
    if (junk.body.contentType) h["content-type"] = junk.body.contentType;
    return { label: label(junk.why), target: action.name, method: "POST", path, headers: h, body: junk.body.body, refusedOnTheWay: true, canaries: [] };
  }

  const call = actionCall(r, action, identity, ctx);
  if (identity.signedIn && call.invalid.length === 0) {
    // Nothing in it is invalid for sure (an action without bound arguments or text fields): break the form slot.
    call.args = [...call.args.slice(0, action.bound.length), null, r.pick(["$K1", 0, [], {}])];
    call.form = null;
    call.invalid.push("no FormData where the form goes");
  }
  const why = call.invalid.length ? call.invalid.join(", ") : "hostile values";
  if (call.form && r.chance(0.12)) {
    // Posted as a form without JavaScript.
    const bound = call.args.slice(0, action.bound.length + 1);
    const noScript = r.chance(0.8) && action.bound.length + 1 === call.args.length - 1;
    const body = noScript ? noScriptFormBody(action.id, bound, call.form, r) : noScriptIdBody(action.id, call.form, r);
    const how = noScript ? "no-JavaScript form" : "no-JavaScript form by action id (the FormData comes first)";
    if (!noScript && identity.signedIn && call.invalid.length === 0) call.invalid.push("the FormData in the wrong place");
    const h: Record<string, string> = { ...headers, "content-type": body.contentType, accept: "text/html" };
    delete h["next-action"];
    return {
      label: label(`${how}: ${why}`),
      target: action.name,
      method: "POST",
      path,
      headers: h,
      body: body.body,
      refusedOnTheWay: false,
      canaries: call.canaries,
    };
  }
  const body = fetchActionBody(call.args, r);
  return {
    label: label(why),
    target: action.name,
    method: "POST",
    path,
    headers: { ...headers, "content-type": body.contentType },
    body: body.body,
    refusedOnTheWay: false,
    canaries: call.canaries,
  };
}

// ── route handlers ────────────────────────────────────────────────────────────

const b64 = (s: string | Buffer) => (Buffer.isBuffer(s) ? s : Buffer.from(s, "utf8")).toString("base64");

/** Authorization headers a client should never send. */
export function hostileAuthorization(r: Random, ctx: Pick<Context, "realNames">): string {
  const login = r.chance(0.3) ? r.pick(ctx.realNames) : hostileString(r).slice(0, 80);
  return r.pick([
    "Basic",
    "Basic ",
    "Basic =",
    "Basic ====",
    "Basic Zm9v",
    "Basic Zm9v=",
    "Basic !!!!",
    `Basic ${b64(":")}`,
    `Basic ${b64(`${login}:`)}`,
    `Basic ${b64(`:${hostileString(r)}`)}`,
    `Basic ${b64(Buffer.concat([invalidUtf8(r), Buffer.from(":"), invalidUtf8(r)]))}`,
    `Basic ${b64(`${login}:${hostileString(r).slice(0, 5000)}`)}`,
    `Basic ${b64(`${login}:${"p".repeat(1025 + r.int(4000))}`)}`,
    `Basic ${"QUFB".repeat(2_100 + r.int(3_000))}`,
    `basic ${b64(`${login}:x`)}`,
    `BASIC  ${b64(`${login}:x`)}  `,
    `Basic ${b64(`${login}:x`)} trailing`,
    `Basic ${b64(`${login}:x`).replace(/=+$/, "")}`,
    `Basic ${b64(`${login}:x`)}==`,
    "Bearer",
    "Bearer ",
    `Bearer ${hostileHeaderValue(r)}`,
    `Bearer ${"x".repeat(513 + r.int(3000))}`,
    "Bearer a b c",
    "Bearer AAAAA-BBBBB-CCCCC-DDDDD-EEEEE",
    `Bearer ${b64(r.bytes(24))}`,
    'Digest username="x", realm="y"',
    "Negotiate YIIB",
    "NTLM TlRMTVNTUAAB",
    hostileHeaderValue(r),
    `Basic ${hostileHeaderValue(r)}`,
  ]);
}

function hostileJsonBody(r: Random): { contentType: string; body: Buffer | string; why: string } {
  const json = (value: unknown, why: string) => ({
    contentType: r.pick(["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]),
    body: JSON.stringify(value) ?? "",
    why,
  });
  switch (r.int(9)) {
    case 8:
      // The client sign-in flows (OAuth-style form bodies): hostile poll tokens, device codes and grant types.
      return {
        contentType: r.pick(["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin1", ""]),
        body: [
          `token=${pct(hostileString(r).slice(0, 2_000))}`,
          `grant_type=${r.pick(["urn:ietf:params:oauth:grant-type:device_code", "password", "", pct(hostileString(r).slice(0, 200))])}`,
          `device_code=${pct(hostileString(r).slice(0, 2_000))}`,
          `name=${pct(hostileString(r).slice(0, 500))}`,
          r.pick(["token=a&token=b", "%zz=%", "=&&=", "device_code[]=x", ""]),
        ].join("&"),
        why: "hostile form fields (token, grant_type, device_code, name)",
      };
    case 0:
      return { contentType: "application/json", body: r.pick(["{", "[", '{"name":', "nul", "{'name':'x'}", '{"name":"x",}', "\u0000"]), why: "broken JSON" };
    case 1:
      return {
        contentType: "application/json",
        body: Buffer.concat([Buffer.from('{"name":"'), invalidUtf8(r), Buffer.from('"}')]),
        why: "JSON with bytes that are not UTF-8",
      };
    case 2:
      return json({ name: hostileJson(r), scope: hostileJson(r) }, "fields of the wrong type");
    case 3:
      return json(hostileJson(r), "JSON of another shape");
    case 4:
      return json(
        { name: hostileString(r), scope: r.pick(["full", "read_only", "admin", "", hostileString(r)]), __proto__: { admin: true } },
        "hostile field values",
      );
    case 5:
      return { contentType: "application/json", body: `${"[".repeat(5_000 + r.int(20_000))}`, why: "deep nesting" };
    case 6:
      return {
        contentType: "application/json",
        body: JSON.stringify({ name: "x".repeat(16 * 1024 + r.int(1024 * 1024)) }),
        why: "a body over the route's own limit",
      };
    default:
      return { contentType: r.pick(["application/json", "text/plain", "application/xml"]), body: r.bytes(r.int(4_000)), why: "random bytes" };
  }
}

export function routeRequest(r: Random, route: RouteHandler, identity: Identity, ctx: Context): Planned {
  const methods = [...route.methods, ...route.methods, ...route.methods, "PUT", "PATCH", "OPTIONS", "HEAD", "TRACE"];
  const method = r.pick(methods);
  let path = route.path;
  if (r.chance(0.3)) path += `?${r.pick(["next", "callbackUrl", "x", "__proto__[isAdmin]", "a[]", "%FF"])}=${pct(hostileString(r).slice(0, 1_000))}`;
  if (r.chance(0.05)) path += r.pick(["/", "//", "/..", "%00", "/%2e%2e/me", ";jsessionid=x"]);
  const headers = baseHeaders(r, identity, ctx);
  const why: string[] = [];
  if (r.chance(0.65)) {
    headers.authorization = hostileAuthorization(r, ctx);
    why.push(`Authorization "${headers.authorization.slice(0, 40)}${headers.authorization.length > 40 ? "…" : ""}"`);
  }
  let body: Buffer | string | undefined;
  let oversized = false;
  if (method !== "GET" && method !== "HEAD" && method !== "TRACE" && r.chance(0.8)) {
    if (r.chance(0.03)) {
      body = Buffer.alloc(2 * 1024 * 1024 + 65 * 1024 + r.int(1024 * 1024), 0x7b);
      headers["content-type"] = "application/json";
      oversized = true;
      why.push("a body larger than the server takes");
    } else if (r.chance(0.03)) {
      body = Buffer.from("2\r\n{}\r\n0\r\n\r\n");
      headers["transfer-encoding"] = "chunked";
      headers["content-type"] = "application/json";
      why.push("a chunked body (no length)");
    } else {
      const j = hostileJsonBody(r);
      body = j.body;
      if (j.contentType) headers["content-type"] = j.contentType;
      why.push(j.why);
    }
  }
  return {
    label: `route ${method} ${route.path} · ${identity.name} · ${why.join(", ") || "no credentials"}`,
    target: `${method} ${route.path}`,
    method,
    path,
    headers,
    body,
    oversized,
    refusedOnTheWay: oversized || headers["transfer-encoding"] !== undefined,
    canaries: [],
  };
}

// ── pages ─────────────────────────────────────────────────────────────────────

const REDIRECT_PARAMS = ["next", "callbackUrl", "redirect", "returnTo", "notice", "error", "provider", "code"];
const REDIRECT_TARGETS = [
  "//evil.example",
  "https://evil.example/",
  "/\\evil.example",
  "/%5Cevil.example",
  "\\\\evil.example",
  "http:evil.example",
  "javascript:alert(1)",
  "//evil.example/%2F..",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "/\t/evil.example",
  "/ /evil.example",
  "/login?next=//evil.example",
  "https:/\\evil.example",
  "///evil.example",
];

export function pageRequest(r: Random, page: string, identity: Identity, ctx: Context): Planned {
  let path = fillSegments(r, page, ctx);
  const query: string[] = [];
  for (let i = 0, n = r.int(4); i < n; i++) {
    const value = r.chance(0.5) ? r.pick(REDIRECT_TARGETS) : hostileString(r).slice(0, r.chance(0.95) ? 300 : 6_000);
    query.push(
      `${r.chance(0.85) ? r.pick(REDIRECT_PARAMS) : pct(hostileString(r).slice(0, 40))}=${r.chance(0.9) ? pct(value) : value.replace(/[^\x21-\x7e]/gu, (c) => pct(c))}`,
    );
  }
  if (r.chance(0.1)) query.push(r.pick(["%FF=%FE", "next=%E0%A4%A", "next=%", "next", "=x", "next=a&next=b", "%00=%00"]));
  if (query.length) path += `?${query.join("&")}`;
  const headers = baseHeaders(r, identity, ctx);
  if (r.chance(0.15)) {
    headers.rsc = "1";
    if (r.chance(0.7)) headers["next-router-state-tree"] = r.chance(0.5) ? hostileHeaderValue(r) : pct(JSON.stringify(hostileJson(r)) ?? "undefined");
    if (r.chance(0.3)) headers["next-router-prefetch"] = r.pick(["1", "2", "x"]);
    if (r.chance(0.3)) headers["next-router-segment-prefetch"] = r.pick(["/_tree", "/__PAGE__", hostileHeaderValue(r)]);
    if (r.chance(0.3)) headers["next-url"] = r.pick(["//evil.example", hostileHeaderValue(r), "/admin/security"]);
  }
  if (r.chance(0.05)) headers.host = r.pick(["evil.example", "localhost:1", "[::1", "a b"]);
  if (r.chance(0.05)) headers["x-forwarded-host"] = r.pick(["evil.example", hostileHeaderValue(r)]);
  const method = r.chance(0.9) ? "GET" : "HEAD";
  return {
    label: `page ${method} ${page} · ${identity.name} · ${path.slice(0, 160)}`,
    target: page,
    method,
    path,
    headers,
    refusedOnTheWay: false,
    canaries: [],
  };
}

export { UNDEFINED };
