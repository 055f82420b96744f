/**
 * What a browser, a client app and an operator do, over the real interfaces:
 * the sign-in form (a server action posted as a browser without JavaScript
 * posts it), the client API, and the admin CLI.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import { randomBytes } from "node:crypto";
import path from "node:path";

export type Multipart = { body: Buffer; contentType: string };

export function multipart(fields: [string, string][]): Multipart {
  const boundary = `----gatehouse-bench-${randomBytes(8).toString("hex")}`;
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`, "utf8"), contentType: `multipart/form-data; boundary=${boundary}` };
}

const ENTITIES: Record<string, string> = { "&quot;": '"', "&amp;": "&", "&lt;": "<", "&gt;": ">", "&#x27;": "'", "&#39;": "'" };
const unescapeHtml = (s: string) => s.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (m) => ENTITIES[m]!);

/**
 * The sign-in form's hidden fields, read from GET /login as a browser would see
 * it: React renders a server-action form with `$ACTION_REF_n` / `$ACTION_n:k`
 * fields naming the action (its id changes with every build) and its state.
 */
export async function loginFormFields(base: string): Promise<[string, string][]> {
  const res = await fetch(`${base}/login`);
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET /login answered ${res.status}`);
  const form = [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!).find((f) => /name="password"/.test(f));
  if (!form) throw new Error("GET /login has no form with a password field");
  const hidden: [string, string][] = [];
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const attrs = Object.fromEntries([...tag.matchAll(/([\w$:-]+)="([^"]*)"/g)].map((m) => [m[1]!, unescapeHtml(m[2]!)]));
    if (attrs.type === "hidden" && attrs.name) hidden.push([attrs.name, attrs.value ?? ""]);
  }
  if (!hidden.some(([name]) => name.startsWith("$ACTION"))) throw new Error("The sign-in form carries no server-action fields");
  return hidden;
}

/** The POST a browser sends when the sign-in form is submitted. */
export function loginPost(base: string, fields: [string, string][], login: string, password: string) {
  const form = multipart([...fields, ["login", login], ["password", password]]);
  return { body: form.body, headers: { "content-type": form.contentType, origin: base } };
}

/** Signs in through the form; returns the `name=value` session cookie. */
export async function signIn(base: string, fields: [string, string][], login: string, password: string): Promise<string> {
  const post = loginPost(base, fields, login, password);
  const res = await fetch(`${base}/login`, { method: "POST", body: new Uint8Array(post.body), headers: post.headers, redirect: "manual" });
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => /^(__Host-)?gatehouse-session=./.test(c));
  if (res.status !== 303 || !cookie) throw new Error(`Signing in as ${login} failed: HTTP ${res.status}${cookie ? "" : ", no session cookie"}`);
  return cookie;
}

export const basic = (login: string, secret: string) => `Basic ${Buffer.from(`${login}:${secret}`).toString("base64")}`;

/** A client swaps the login password for an app password (POST /api/v1/app-password). */
export async function createAppPassword(base: string, login: string, password: string, name: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/app-password`, {
    method: "POST",
    headers: { authorization: basic(login, password), "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  const json = (await res.json()) as { appPassword?: string };
  if (res.status !== 201 || !json.appPassword) throw new Error(`Creating an app password failed: HTTP ${res.status}`);
  return json.appPassword;
}

/** GET /api/v1/me with the given headers: who, and which token. */
export async function whoAmI(base: string, headers: Record<string, string>): Promise<{ login: string; tokenId: number }> {
  const res = await fetch(`${base}/api/v1/me`, { headers });
  const json = (await res.json()) as { user?: { login: string }; auth?: { tokenId?: number } };
  if (res.status !== 200 || !json.user || json.auth?.tokenId === undefined) throw new Error(`GET /api/v1/me failed: HTTP ${res.status}`);
  return { login: json.user.login, tokenId: json.auth.tokenId };
}

/** `npx gatehouse …` against the bench's database; resolves with stdout, rejects with its one-line reason. */
export function cli(root: string, env: Record<string, string>, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "bin/gatehouse.mjs"), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c));
    child.stderr.on("data", (c: Buffer) => (err += c));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`gatehouse ${args[0]} failed: ${err.trim() || `exit ${code}`}`))));
    child.stdin.end(input ?? "");
  });
}

/**
 * Loopback addresses standing for distinct clients: Linux routes all of 127/8 to
 * lo, so a socket bound to 127.1.0.5 reaches the server from that address (what
 * the sign-in gate counts places by) without trusting X-Forwarded-For.
 */
export const loopback = (n: number) => `127.1.${(n >> 8) & 255}.${n & 255}`;

/** One request from `localAddress` (through `agent` when given, else on a connection of its own): its status and latency. */
export function sendFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: Uint8Array; agent?: http.Agent },
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: init.method ?? "GET", headers: init.headers, ...(init.agent ? { agent: init.agent } : { agent: false, localAddress }) },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        res.on("error", () => resolve({ status: -1, ms: performance.now() - started }));
      },
    );
    req.on("error", () => resolve({ status: -1, ms: performance.now() - started }));
    req.end(init.body);
  });
}

/** A keep-alive connection pool of one, bound to `localAddress`. */
export const agentFrom = (localAddress: string) => new http.Agent({ keepAlive: true, maxSockets: 1, localAddress });

/** The raw bytes of a request, for clients that pipeline or hang up mid-way. */
export function rawRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: Uint8Array }): Buffer {
  const { host, pathname, search } = new URL(url);
  const body = Buffer.from(init.body ?? new Uint8Array());
  const headers = { host, ...init.headers, "content-length": String(body.length) };
  const head = `${init.method ?? "GET"} ${pathname}${search} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}
