/**
 * Scenario 9, code messages (SMS pumping): a script with a user's password signs
 * in again and again — the password form, opening the challenge page, pressing
 * "Send code" — as a browser without JavaScript does, and counts the messages
 * that reach an SMTP sink (the e-mail channel, configured with the CLI). The
 * user's e-mail codes are set up first with the functions the settings page's
 * actions call (its set-up form needs JavaScript), against the bench's database.
 * Wanted: no message on opening the page, and no more than the hourly budget (5)
 * whatever the number of sign-ins.
 */
import { randomBytes } from "node:crypto";
import { startSmtpFake } from "../test/fakes/smtp";
import { cli, loginFormFields, loginPost, multipart } from "./client";

export type CodeMessageResult = {
  signIns: number;
  /** Messages the sink received for sign-ins (the set-up code, which shares the budget, not counted). */
  messages: number;
  /** Messages that arrived while only the challenge page had been opened. */
  sentOnOpen: number;
  /** Sign-ins whose page said when the next code can be sent (no "Send code"). */
  toldWhen: number;
  problems: string[];
};

const ENTITIES: Record<string, string> = { "&quot;": '"', "&amp;": "&", "&lt;": "<", "&gt;": ">", "&#x27;": "'", "&#39;": "'" };
const unescapeHtml = (s: string) => s.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (m) => ENTITIES[m]!);

/** The hidden fields of the first server-action form whose HTML matches `pick`, or null. */
function formFields(html: string, pick: RegExp): [string, string][] | null {
  const form = [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!).find((f) => pick.test(f));
  if (!form) return null;
  const hidden: [string, string][] = [];
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const attrs = Object.fromEntries([...tag.matchAll(/([\w$:-]+)="([^"]*)"/g)].map((m) => [m[1]!, unescapeHtml(m[2]!)]));
    if (attrs.type === "hidden" && attrs.name) hidden.push([attrs.name, attrs.value ?? ""]);
  }
  return hidden;
}

async function page(url: string, cookie: string): Promise<string> {
  const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${new URL(url).pathname} answered ${res.status}`);
  return html;
}

/** Posts a form as a browser without JavaScript does; the answer is the page again. */
async function post(url: string, cookie: string, fields: [string, string][]): Promise<string> {
  const form = multipart(fields);
  const res = await fetch(url, {
    method: "POST",
    body: new Uint8Array(form.body),
    headers: { "content-type": form.contentType, origin: new URL(url).origin, cookie },
    redirect: "manual",
  });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`POST ${new URL(url).pathname} answered ${res.status}`);
  return html;
}

const cookieOf = (res: Response, name: RegExp) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => name.test(c));

async function waitFor(test: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !test() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
}

/** Address, then the code it received: what the settings page's two set-up steps call. */
async function enrolEmail(env: Record<string, string>, login: string, address: string, received: () => string | undefined): Promise<void> {
  Object.assign(process.env, env); // read once by lib/env.ts, on the first import below
  const { db } = await import("../lib/db");
  const { channelById } = await import("../lib/gateways");
  const { finishSetup, startSetup } = await import("../lib/providers/message-code/setup");
  const user = await db.user.findFirstOrThrow({ where: { login }, select: { id: true } });
  const target = { channel: channelById("email"), providerId: "email" };
  const started = await startSetup(target, user.id, address);
  if (!started.ok) throw new Error(`e-mail set-up: ${started.message}`);
  await waitFor(() => received() !== undefined);
  const code = /\b(\d{6})\b/.exec(received() ?? "")?.[1] ?? "";
  const finished = await finishSetup(target, user.id, code);
  if (!finished.ok) throw new Error(`e-mail set-up: ${finished.message}`);
}

export async function codeMessageTrial(base: string, root: string, env: Record<string, string>, signIns: number): Promise<CodeMessageResult> {
  const smtp = await startSmtpFake();
  const problems: string[] = [];
  try {
    await cli(root, env, ["gateway:configure", "email", "--smtp-url", smtp.url(), "--from", "Gatehouse <gatehouse@example.test>", "--no-check"]);
    const password = `bench-${randomBytes(12).toString("base64url")}`;
    await cli(root, env, ["user:add", "bench-codes", "--password-stdin"], password);
    const address = "bench-codes@example.test";
    const mails = () => smtp.mails.filter((m) => m.to.includes(address));

    await enrolEmail(env, "bench-codes", address, () => mails()[0]?.text);
    const fields = await loginFormFields(base);

    let sentOnOpen = 0;
    let toldWhen = 0;
    const challenge = `${base}/login/challenge/email`;
    for (let i = 0; i < signIns; i++) {
      const login = loginPost(base, fields, "bench-codes", password);
      const res = await fetch(`${base}/login`, { method: "POST", body: new Uint8Array(login.body), headers: login.headers, redirect: "manual" });
      await res.arrayBuffer();
      const cookie = cookieOf(res, /^(__Host-)?gatehouse-challenge=./);
      if (res.status !== 303 || !cookie) throw new Error(`sign-in ${i + 1}: HTTP ${res.status}${cookie ? "" : ", no challenge cookie"}`);
      const before = mails().length;
      const html = await page(challenge, cookie);
      sentOnOpen += mails().length - before;
      const send = formFields(html, />Send code</);
      if (send) await post(challenge, cookie, send);
      else if (/The next code can be sent via E-mail at \d\d:\d\d UTC/.test(html)) toldWhen++;
      else problems.push(`sign-in ${i + 1}: neither "Send code" nor the time of the next code`);
    }
    const messages = mails().length - 1;
    if (sentOnOpen > 0) problems.push(`${sentOnOpen} messages sent on opening the challenge page`);
    if (messages + 1 > 5) problems.push(`${messages} messages for ${signIns} sign-ins after the set-up code (budget 5 an hour)`);
    return { signIns, messages, sentOnOpen, toldWhen, problems };
  } finally {
    await smtp.close();
  }
}
