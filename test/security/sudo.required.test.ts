// Threat: a stolen or unattended session making sensitive changes — they need a fresh confirmation, and that confirmation cannot be brute-forced.
import { describe, expect, it } from "vitest";
import { MINUTE, SUDO_WINDOW } from "@/lib/auth/policy";
import { confirmWithPassword, requireSudo } from "@/lib/auth/sudo";
import { resolveToken } from "@/lib/auth/tokens";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { makeSession, makeUser } from "@/test/support/factories";
import { client, fakeClock } from "@/test/support/security";

async function sessionOf(userId: string, meta = client()) {
  const sid = await makeSession(userId, { meta });
  const token = (await resolveToken(sid, "session"))!;
  return { sid, token, meta };
}

const age = (sid: string, ms: number) => db.authToken.update({ where: { hash: hashSecret(sid) }, data: { reauthAt: new Date(Date.now() - ms) } });

describe("sudo mode", () => {
  it("refuses a sensitive action when the last confirmation is older than 15 minutes, or never happened", async () => {
    const user = await makeUser();
    const { sid } = await sessionOf(user.id);
    expect(requireSudo((await resolveToken(sid, "session"))!)).toBeNull(); // signing in counts as confirming
    await age(sid, SUDO_WINDOW + 1000);
    expect(requireSudo((await resolveToken(sid, "session"))!)).toMatchObject({ ok: false, error: "sudo_required" });
    await db.authToken.update({ where: { hash: hashSecret(sid) }, data: { reauthAt: null } });
    expect(requireSudo((await resolveToken(sid, "session"))!)).toMatchObject({ ok: false, error: "sudo_required" });
  });

  it("confirms with the right password only, and only for that session", async () => {
    const user = await makeUser();
    const [a, b] = [await sessionOf(user.id), await sessionOf(user.id)];
    await age(a.sid, SUDO_WINDOW + 1000);
    await age(b.sid, SUDO_WINDOW + 1000);
    expect(await confirmWithPassword(a.token.id, user.id, "not my password", a.meta)).toMatchObject({ ok: false, error: "invalid_credentials" });
    expect(await confirmWithPassword(a.token.id, user.id, user.password, a.meta)).toEqual({ ok: true });
    expect(requireSudo((await resolveToken(a.sid, "session"))!)).toBeNull();
    expect(requireSudo((await resolveToken(b.sid, "session"))!)).toMatchObject({ error: "sudo_required" });
  });

  it("is throttled: after 10 wrong passwords even the right one is refused until the block ends", async () => {
    const user = await makeUser();
    const { token, meta, sid } = await sessionOf(user.id);
    await age(sid, SUDO_WINDOW + 1000);
    const clock = fakeClock();
    const answers: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await confirmWithPassword(token.id, user.id, `guess ${i}`, meta, { clock });
      answers.push(r.ok ? "ok" : r.error);
      clock.advance(30_000);
    }
    expect(answers.filter((a) => a === "invalid_credentials")).toHaveLength(10);
    expect(answers.slice(10)).toEqual(["too_many_requests", "too_many_requests"]);

    const refused = await confirmWithPassword(token.id, user.id, user.password, meta, { clock });
    expect(refused).toMatchObject({ ok: false, error: "too_many_requests", message: expect.stringMatching(/Try again in \d+ minutes/) });
    expect(requireSudo((await resolveToken(sid, "session"))!)).toMatchObject({ error: "sudo_required" });

    clock.advance(15 * MINUTE);
    expect(await confirmWithPassword(token.id, user.id, user.password, meta, { clock })).toEqual({ ok: true });
    expect(requireSudo((await resolveToken(sid, "session"))!)).toBeNull();
  });

  it("shares the account's password counter with signing in, so guesses cannot be spread across both", async () => {
    const { passwordStep } = await import("@/lib/auth/login");
    const user = await makeUser();
    const { token, meta } = await sessionOf(user.id);
    const clock = fakeClock();
    for (let i = 0; i < 20; i++) {
      await passwordStep({ login: user.login, password: `login guess ${i}` }, client(), async () => "none" as const, { clock });
    }
    // The 21st failure on the account, now through sudo from a fresh address the account does not know, has to wait.
    const stranger = { ...meta, ip: client().ip };
    const before = clock.slept;
    await confirmWithPassword(token.id, user.id, "sudo guess", stranger, { clock });
    expect(clock.slept).toBeGreaterThan(before);
  });
});
