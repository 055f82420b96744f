#!/usr/bin/env node
// A reference client for Gatehouse's client sign-in flows (docs/clients.md): it
// gets an app password without the user typing one, by Login Flow v2 or by the
// RFC 8628 device authorization grant, then checks it on GET /api/v1/me.
// Node 20+, no dependencies.
//
//   node examples/connect-client.mjs login-flow https://gatehouse.example [--name "My sync app"]
//   node examples/connect-client.mjs device     https://gatehouse.example [--name "Living-room TV"]
//   node examples/connect-client.mjs scan 'gatehouse://login-flow?server=https%3A%2F%2Fgatehouse.example&token=…&login=…'
//     (what a phone app does with the settings page's "Connect a device" QR code:
//     it prints the login URL to open in the phone's browser, then polls)
//
// What the user must see goes to stderr (the address to open, the match code or
// the user code); the result goes to stdout as one JSON line:
//   { "flow", "server", "loginName"?, "appPassword", "me" }
// `--header "Name: value"` (repeatable) adds a header to every request.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

function parseArgs(argv) {
  let [flow, server, ...rest] = argv;
  let scanned;
  if (flow === "scan") {
    scanned = parseConnectUri(server ?? "");
    if (!scanned) throw new Error("scan: expected gatehouse://login-flow?server=…&token=…&login=… (docs/clients.md)");
    server = scanned.server;
  }
  const options = { name: undefined, headers: {} };
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--name") options.name = rest[++i];
    else if (rest[i] === "--header") {
      const [key, ...value] = String(rest[++i]).split(":");
      options.headers[key.trim()] = value.join(":").trim();
    } else throw new Error(`unknown option ${rest[i]}`);
  }
  if (!["login-flow", "device", "scan"].includes(flow) || !/^https?:\/\//.test(server ?? "")) {
    throw new Error("usage: connect-client.mjs login-flow|device <server URL> | scan <gatehouse:// URI> [--name NAME] [--header 'Name: value']…");
  }
  return { flow, server: server.replace(/\/+$/, ""), token: scanned?.token, login: scanned?.login, ...options };
}

const POLL_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The "Connect a device" QR code, by the rules of docs/clients.md:
 *   gatehouse://login-flow?server=<server URL>&token=<poll token>&login=<login URL>
 * a form-encoded query; each of the three exactly once (other keys ignored);
 * `server` an http(s) URL without query, fragment or credentials; `token` 43
 * base64url characters; `login` an http(s) URL under `server` (same origin, its
 * path below the server's) that does not contain the token. Anything else: null.
 */
export function parseConnectUri(text) {
  const prefix = "gatehouse://login-flow?";
  if (typeof text !== "string" || text.length > 2048 || !text.startsWith(prefix)) return null;
  const query = new URLSearchParams(text.slice(prefix.length));
  const one = (key) => (query.getAll(key).length === 1 ? query.get(key) : null);
  const [serverText, token, loginText] = [one("server"), one("token"), one("login")];
  if (serverText === null || token === null || loginText === null || !POLL_TOKEN.test(token)) return null;
  const server = webUrl(serverText);
  const login = webUrl(loginText);
  if (!server || !login || server.search || server.hash) return null;
  const base = server.href.replace(/\/+$/, "");
  if (login.origin !== server.origin || !login.href.startsWith(`${base}/`) || login.href.includes(token)) return null;
  return { server: base, token, login: login.href };
}

function webUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password ? url : null;
}

async function post(url, fields, headers) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", ...headers },
    body: new URLSearchParams(Object.entries(fields).filter(([, v]) => v !== undefined)).toString(),
  });
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep null
  }
  return { status: response.status, body, retryAfter: Number(response.headers.get("retry-after") ?? 0) };
}

/** The six digits the grant page shows too: SHA-256 of the poll token, first 4 bytes big-endian, mod 10^6. */
export function matchCode(pollToken) {
  const digits = String(createHash("sha256").update(pollToken, "utf8").digest().readUInt32BE(0) % 1_000_000).padStart(6, "0");
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

async function loginFlow({ server, name, headers, token, login }) {
  let poll;
  if (token) {
    // Scanned: a real app opens `login` in the system browser (never in a web view of its own).
    poll = { token, endpoint: `${server}/api/v1/login/flow/poll` };
    // Poll once first: the grant page shows this device and its address, and offers Grant, only once the app has asked.
    const first = await post(poll.endpoint, { token }, headers);
    if (first.status !== 404 && first.status !== 429) throw new Error(`poll failed: ${first.status} ${JSON.stringify(first.body)}`);
    console.error(`Open this address in a browser and sign in: ${login}`);
  } else {
    const start = await post(`${server}/api/v1/login/flow`, { name }, headers);
    if (start.status !== 200) throw new Error(`starting the flow failed: ${start.status} ${JSON.stringify(start.body)}`);
    poll = start.body.poll;
    console.error(`Open this address in a browser and sign in: ${start.body.login}`);
  }
  console.error(`Match code: ${matchCode(poll.token)} (the page must show the same)`);
  const deadline = Date.now() + 20 * 60_000; // a flow lives 20 minutes
  while (Date.now() < deadline) {
    await sleep(2000);
    const answer = await post(poll.endpoint, { token: poll.token }, headers);
    if (answer.status === 200)
      return { flow: "login-flow", server: answer.body.server, loginName: answer.body.loginName, appPassword: answer.body.appPassword };
    if (answer.status === 429) await sleep(Math.max(1, answer.retryAfter) * 1000);
    else if (answer.status !== 404) throw new Error(`poll failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    // 404: not granted yet — or declined or expired, which look the same: keep polling until the deadline.
  }
  throw new Error("the flow expired (20 minutes) without a grant");
}

async function deviceFlow({ server, name, headers }) {
  const start = await post(`${server}/api/v1/device/code`, { client_id: name }, headers);
  if (start.status !== 200) throw new Error(`device authorization failed: ${start.status} ${JSON.stringify(start.body)}`);
  const { device_code: deviceCode, user_code: userCode, verification_uri: uri, verification_uri_complete: complete, expires_in: expiresIn } = start.body;
  let interval = start.body.interval;
  console.error(`Go to ${uri} and enter the code: ${userCode}`);
  console.error(`(or open ${complete})`);
  const deadline = Date.now() + expiresIn * 1000;
  while (Date.now() < deadline) {
    await sleep(interval * 1000);
    const answer = await post(`${server}/api/v1/device/token`, { grant_type: DEVICE_GRANT, device_code: deviceCode }, headers);
    if (answer.status === 200) return { flow: "device", server, appPassword: answer.body.access_token };
    const error = answer.body?.error;
    if (error === "authorization_pending") continue;
    if (error === "slow_down") interval += 5;
    else if (answer.status === 429) await sleep(Math.max(1, answer.retryAfter) * 1000);
    else throw new Error(`device grant ended: ${error ?? answer.status} ${answer.body?.error_description ?? ""}`.trim());
  }
  throw new Error("device grant ended: expired_token");
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const result = args.flow === "device" ? await deviceFlow(args) : await loginFlow(args);
  // The app password works as Bearer (or Basic with the login name).
  const me = await fetch(`${args.server}/api/v1/me`, { headers: { authorization: `Bearer ${result.appPassword}`, ...args.headers } });
  console.log(JSON.stringify({ ...result, me: await me.json() }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`connect-client: ${error.message}`);
    process.exit(1);
  });
}
