import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Request } from "@playwright/test";
import { ROOT } from "./servers";

/**
 * Every secret an e2e spec uses or receives, written down so that
 * e2e/support/check-log.ts can show none of them reached the servers' log
 * (test-results/e2e-logs/). One JSON line per secret, one file per process:
 *
 *   await page.getByLabel("Code").fill(recordSecret("message code", codeIn(mail)));
 *
 * The helpers record what they make (createUser: the password; totp/hotp: the
 * secret and the code), and the fixture in e2e/fixtures.ts records every
 * browser's cookies and every secret-looking form field it posts.
 */

export const SECRETS_DIR = path.join(ROOT, "test-results", "e2e-secrets");
export const LOGS_DIR = path.join(ROOT, "test-results", "e2e-logs");

export type Recorded = { kind: string; value: string };

/** Records `value` as a secret of this kind and hands it back. */
export function recordSecret<T extends string | undefined>(kind: string, value: T): T {
  if (value) {
    mkdirSync(SECRETS_DIR, { recursive: true });
    appendFileSync(path.join(SECRETS_DIR, `${process.pid}.jsonl`), `${JSON.stringify({ kind, value } satisfies Recorded)}\n`);
  }
  return value;
}

/** The value of every cookie the browser holds (session, challenge, trusted browser, device), but Auth.js's callback URL. */
export async function recordCookies(context: BrowserContext): Promise<void> {
  for (const cookie of await context.cookies()) if (!cookie.name.endsWith("callback-url")) recordSecret(`cookie ${cookie.name}`, cookie.value);
}

// Form fields whose value is a secret, by name (Next prefixes a server action's fields with "_1_").
const SECRET_FIELD = /(password|code|secret|token)$/i;
const NOT_SECRET = /(^\$ACTION|matchCode$)/;

/** What the browser posts in a secret-looking form field: passwords and codes typed, user codes filled in. */
export async function recordFormSecrets(request: Request): Promise<void> {
  const type = request.headers()["content-type"] ?? "";
  const body = request.postDataBuffer();
  if (request.method() !== "POST" || !body || !/multipart\/form-data|application\/x-www-form-urlencoded/.test(type)) return;
  const form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData().catch(() => null);
  for (const [name, value] of form ?? []) {
    const field = name.replace(/^_?\d+_/, "");
    if (typeof value === "string" && SECRET_FIELD.test(field) && !NOT_SECRET.test(field)) recordSecret(`form field ${field}`, value);
  }
}

/**
 * Watches every browser context a test uses: the default one and those the spec opens with
 * browser.newContext() (their cookies are recorded when they close). Returns the end-of-test step.
 */
export function watchContexts(browser: Browser, context: BrowserContext): () => Promise<void> {
  const open = new Set<BrowserContext>();
  const watch = (c: BrowserContext) => {
    open.add(c);
    c.on("request", (request) => void recordFormSecrets(request));
    const close = c.close.bind(c);
    c.close = async (options) => {
      if (open.delete(c)) await recordCookies(c).catch(() => undefined);
      return close(options);
    };
    return c;
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watch(await newContext(options));
  watch(context);
  return async () => {
    browser.newContext = newContext;
    for (const c of open) await recordCookies(c).catch(() => undefined);
  };
}
