// Threat: a phished link or code — the user grants someone else's request because the grant page does not show which client asks, from where, since when, and the code the genuine client shows.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { GrantDetails } from "@/app/(app)/connect/grant-details";
import { matchCodeFor } from "@/lib/client-flows/codes";
import { pendingGrant, type GrantKind } from "@/lib/client-flows/grants";
import { db } from "@/lib/db";
import { grantPageView } from "@/lib/dal/client-grants";
import { makeUser } from "@/test/support/factories";
import { randomIPv4 } from "@/test/support/security";
import { startDevice, startLogin } from "./support";

/** The grant page's "Sign-in request" list as label → text, from the markup the page renders. */
function shownRequest(html: string): Record<string, string> {
  const list = /<dl aria-label="Sign-in request"[^>]*>(.*?)<\/dl>/s.exec(html)?.[1] ?? "";
  const text = (markup: string) => markup.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");
  return Object.fromEntries([...list.matchAll(/<dt[^>]*>(.*?)<\/dt><dd[^>]*>(.*?)<\/dd>/gs)].map(([, dt, dd]) => [text(dt!), text(dd!)]));
}

/** Moves the request's start to a known minute, seven minutes ago, and returns how the page must write it. */
async function startedSevenMinutesAgo(kind: GrantKind): Promise<{ iso: string; shown: string }> {
  const row = await db.clientGrant.findFirstOrThrow({ where: { kind }, orderBy: { createdAt: "desc" } });
  const at = new Date(Math.floor((Date.now() - 7 * 60_000) / 60_000) * 60_000);
  await db.clientGrant.update({ where: { id: row.id }, data: { createdAt: at } });
  const iso = at.toISOString();
  return { iso, shown: `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` };
}

describe("the grant page shows what is being approved", () => {
  it("Login Flow: the client's name, its address, when it started, and the match code the client shows", async () => {
    const viewer = await makeUser();
    const ip = randomIPv4();
    const { flow, pageToken } = await startLogin({ ip, body: "name=Calendar+on+my+laptop" });
    const started = await startedSevenMinutesAgo("login_flow");
    const grant = await pendingGrant("login_flow", pageToken, viewer.id);
    const html = renderToStaticMarkup(createElement(GrantDetails, { view: grantPageView(grant!, ip) }));
    expect(shownRequest(html)).toMatchObject({
      App: "Calendar on my laptop",
      "Asked from address": ip,
      "Asked at": started.shown,
      "Code shown by the app": matchCodeFor(flow.poll.token),
    });
    expect(html).toContain(`<time dateTime="${started.iso}">${started.shown}</time>`);
  });

  it("device grant: the same, with the user code", async () => {
    const viewer = await makeUser();
    const ip = randomIPv4();
    const authorization = (await startDevice({ ip, body: "client_id=tv&name=Living-room+TV" })).body as { user_code: string };
    const started = await startedSevenMinutesAgo("device");
    const grant = await pendingGrant("device", authorization.user_code.replace("-", ""), viewer.id);
    const html = renderToStaticMarkup(createElement(GrantDetails, { view: grantPageView(grant!, randomIPv4()) }));
    expect(shownRequest(html)).toMatchObject({
      App: "Living-room TV",
      "Asked from address": ip,
      "Asked at": started.shown,
      "Code on the device": authorization.user_code,
    });
    // Asked from elsewhere than this browser: the warning names both addresses.
    expect(html).toMatch(/role="alert"/);
    expect(html).toContain(ip);
  });
});
