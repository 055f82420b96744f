// Threat: a phishing link `/login?rd=https://evil.example/` uses Gatehouse's sign-in page to send a freshly signed-in user to an attacker's site (open redirect).
import { describe, expect, it } from "vitest";
import { protectedAppUrl, safeReturnTo } from "@/lib/forward-auth/return-to";
import { makeApp, unique } from "./support";

describe("/login?rd= — where a browser goes after signing in", () => {
  it("returns to an http(s) URL under a protected app, normalised", async () => {
    const app = await makeApp({ url: `https://cal-${unique()}.gatehouse.test/dav` });
    const host = new URL(app.url).host;
    expect(await safeReturnTo(`https://${host}/dav/calendars/?view=week#today`)).toBe(`https://${host}/dav/calendars/?view=week#today`);
    expect(await safeReturnTo(`https://${host}:443/dav`)).toBe(`https://${host}/dav`);
    expect(await safeReturnTo(`https://${host}/dav/../dav/x`)).toBe(`https://${host}/dav/x`);
    // Gatehouse's own relative paths keep working.
    expect(await safeReturnTo("/settings/security")).toBe("/settings/security");
    expect(await safeReturnTo("/device?user_code=BCDF-GHJK")).toBe("/device?user_code=BCDF-GHJK");
  });

  it("sends every hostile or uncovered rd to the home page", async () => {
    const app = await makeApp({ url: `https://cal-${unique()}.gatehouse.test/dav` });
    const host = new URL(app.url).host;
    const hostile = [
      "https://evil.example/",
      "//evil.example/",
      "///evil.example/",
      "/\\evil.example/",
      "/%5Cevil.example",
      "/%2F%2Fevil.example",
      "/%2fevil.example",
      "\\\\evil.example/",
      `https://evil.example@${host}/dav`,
      `https://${host}@evil.example/dav`,
      `https://${host}:pw@evil.example/dav`,
      `https://${host}\\@evil.example/dav`,
      `https://${host}\\.evil.example/dav`,
      `https://evil.example\\@${host}/dav`,
      `https://${host}.evil.example/dav`,
      `https://${host}%2f@evil.example/dav`,
      `https://${host}%40evil.example/dav`,
      `https:/${host}/dav`,
      `https:${host}/dav`,
      `javascript:alert(document.domain)//https://${host}/dav`,
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      `ftp://${host}/dav`,
      `HTTPS://EVIL.EXAMPLE/`,
      `https://${host}:8443/dav`, // another port
      `http://${host}/dav`, // another scheme
      `https://${host}/`, // outside the path prefix
      `https://${host}/davx`,
      `https://x.${host}/dav`,
      `https://${host}/dav\u0000`,
      `https://${host}/dav\t`,
      ` https://${host}/dav`,
      `https://${host}/dav a`,
      `ht\ttps://evil.example/`,
      `https%3A%2F%2Fevil.example%2F`,
      `%2F%2Fevil.example`,
      "/ /evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/settings\u007f",
      "/%2F%2Fevil.example",
      "/%5c%5cevil.example",
      "/login?next=//evil.example",
      "/login?next=%2F%2Fevil.example",
      `https://${host}/dav/${"a".repeat(2100)}`,
      "",
    ];
    for (const rd of hostile) expect(await safeReturnTo(rd), JSON.stringify(rd).slice(0, 120)).toBe("/");
    for (const rd of [undefined, null, 42, ["https://" + host + "/dav"], { href: app.url }]) expect(await safeReturnTo(rd)).toBe("/");
    expect(await protectedAppUrl("https://evil.example/")).toBeNull();
  });
});
