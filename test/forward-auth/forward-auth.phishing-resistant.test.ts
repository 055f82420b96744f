// Threat: a session made with a phishable factor (a TOTP code typed into a look-alike site) reaches an app that requires a security key or passkey.
import { describe, expect, it } from "vitest";
import { redeemChallenge } from "@/lib/auth/challenge";
import { toView } from "@/lib/apps/app-view";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { solveChallenge } from "@/lib/two-factor/challenge-flow";
import { bearer, sessionCookie } from "@/test/support/api";
import { makeAppPassword, makeSession, makeUser, META, pendingTotpLogin, totpCode } from "@/test/support/factories";
import { ask, BROWSER, makeApp } from "./support";

/** A real sign-in with password + TOTP: its session's methods are what the challenge recorded. */
async function totpSession() {
  const { user, secret, challenge, login } = await pendingTotpLogin();
  expect(await solveChallenge(login, "totp", await totpCode(secret), META)).toMatchObject({ ok: true });
  const sid = await redeemChallenge(challenge, META);
  if (!sid) throw new Error("not redeemed");
  return { user, sid };
}

describe("an app that requires phishing_resistant", () => {
  it("records pwd + otp on a TOTP sign-in and does not let that session in (its browser goes to step-up); a security-key session is admitted with Remote-Auth-Methods", async () => {
    const app = await makeApp({ require: "phishing_resistant" });
    const { user, sid } = await totpSession();
    expect((await db.authToken.findUniqueOrThrow({ where: { hash: hashSecret(sid) } })).methods).toBe("pwd otp");
    const cookie = await sessionCookie(sid);
    for (const endpoint of ["auth-request", "forward-auth"] as const) {
      const refused = await ask(endpoint, { url: `${app.url}/`, cookie, accept: BROWSER });
      expect(refused.status).toBe(endpoint === "auth-request" ? 401 : 302);
      expect(refused.headers.Location).toMatch(/\/login\/step-up\?rd=/);
      expect(refused.headers["Remote-User"]).toBeUndefined();
    }
    // Not a page navigation (the app's own fetch with the cookie): 403, no redirect.
    expect((await ask("forward-auth", { url: `${app.url}/`, cookie, accept: "application/json" })).status).toBe(403);

    // The same user signed in with password + security key (the methods a solved key challenge records).
    const keySid = await makeSession(user.id);
    await db.authToken.update({ where: { hash: hashSecret(keySid) }, data: { methods: "pwd hwk" } });
    const admitted = await ask("forward-auth", { url: `${app.url}/`, cookie: await sessionCookie(keySid), accept: BROWSER });
    expect(admitted.status).toBe(200);
    expect(admitted.headers).toMatchObject({ "Remote-User": user.login, "Remote-Auth-Methods": "pwd,hwk" });
  });

  it("refuses app passwords and the login password (they prove no key); a session of unknown methods goes to step-up", async () => {
    const app = await makeApp({ require: "phishing_resistant" });
    const user = await makeUser();
    const { secret } = await makeAppPassword(user.id);
    expect((await ask("forward-auth", { url: `${app.url}/dav/`, authorization: bearer(secret) })).status).toBe(403);
    const basic = `Basic ${Buffer.from(`${user.login}:${user.password}`).toString("base64")}`;
    expect((await ask("forward-auth", { url: `${app.url}/dav/`, authorization: basic })).status).toBe(403);
    const old = await makeSession(user.id);
    await db.authToken.update({ where: { hash: hashSecret(old) }, data: { methods: null } });
    const unknown = await ask("forward-auth", { url: `${app.url}/`, cookie: await sessionCookie(old), accept: BROWSER });
    expect(unknown.status).toBe(302);
    expect(unknown.headers.Location).toMatch(/\/login\/step-up\?rd=/);
  });

  it("an app without the requirement admits the TOTP session and tells the app how it was made", async () => {
    const app = await makeApp();
    const { sid } = await totpSession();
    const answer = await ask("auth-request", { url: `${app.url}/`, cookie: await sessionCookie(sid), accept: BROWSER });
    expect(answer.status).toBe(200);
    expect(answer.headers["Remote-Auth-Methods"]).toBe("pwd,otp");
  });

  it("a stored requirement it does not know is read as the strictest (fail closed)", () => {
    const row = { id: "x", name: "x", origin: "https://x.test", pathPrefix: "/", allowGroups: "[]", allowUsers: "[]", clients: "full", public: false };
    expect(toView({ ...row, require: "aal3-someday" }).require).toBe("phishing_resistant");
    expect(toView({ ...row, require: null }).require).toBeNull();
  });
});
