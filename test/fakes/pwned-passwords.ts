import { createHash, randomBytes, randomInt } from "node:crypto";
import { startHttpFake, text, type HttpFake } from "@/test/fakes/http";

/**
 * Have I Been Pwned's Pwned Passwords range API (haveibeenpwned.com/API/v3,
 * "Searching by range"): `GET /range/{5 hex characters, any case}` answers 200
 * `text/plain`, one `SUFFIX:COUNT` row per hash under that prefix — the other
 * 35 hex characters of the SHA-1, upper case — separated by CRLF, sorted. With
 * the request header `Add-Padding: true` it mixes in random rows with count 0
 * (the real service pads every answer to 800–1,000 rows). Any other prefix is a
 * 400. Like the real range, every prefix has other breached hashes under it.
 *
 * `mode` (from test/fakes/http.ts) makes it fail: "error500", "hang"; `junk`
 * makes it answer 200 with a page that is not a range, as a captive portal does.
 */
export type PwnedPasswordsFake = HttpFake & {
  /** Passwords the service knows, with how often each was seen. */
  breached: Map<string, number>;
  /** Passwords whose suffix appears in a padded answer, but only as a padding row (count 0). */
  paddedOnly: Set<string>;
  junk: boolean;
};

const sha1 = (password: string) => createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
const randomSuffix = () => randomBytes(18).toString("hex").slice(0, 35).toUpperCase();

/** Rows of breached hashes nobody in the tests typed: every real range has hundreds. */
const OTHER_ROWS = 300;
const PADDING_ROWS = 500;

export async function startPwnedPasswordsFake(breached: Record<string, number> = {}): Promise<PwnedPasswordsFake> {
  const fake: PwnedPasswordsFake = (await startHttpFake((req, res) => {
    const match = /^\/range\/([0-9A-Fa-f]{5})$/.exec(req.path);
    if (!match) return text(res, req.path.startsWith("/range/") ? 400 : 404, "The hash prefix was not in a valid format");
    if (fake.junk) {
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end("<!doctype html><title>Sign in to the guest Wi-Fi</title><p>Accept the terms to continue.</p>");
      return;
    }
    const prefix = match[1]!.toUpperCase();
    const rows = new Map<string, number>();
    for (let i = 0; i < OTHER_ROWS; i++) rows.set(randomSuffix(), randomInt(1, 5000));
    if (req.headers["add-padding"] === "true") {
      for (let i = 0; i < PADDING_ROWS; i++) rows.set(randomSuffix(), 0);
      for (const password of fake.paddedOnly) if (sha1(password).startsWith(prefix)) rows.set(sha1(password).slice(5), 0);
    }
    for (const [password, count] of fake.breached) if (sha1(password).startsWith(prefix)) rows.set(sha1(password).slice(5), count);
    const body = [...rows]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([suffix, count]) => `${suffix}:${count}`)
      .join("\r\n");
    res.writeHead(200, { "content-type": "text/plain", "cache-control": "public, max-age=2678400" }).end(body);
  })) as PwnedPasswordsFake;
  return Object.assign(fake, { breached: new Map(Object.entries(breached)), paddedOnly: new Set<string>(), junk: false });
}
