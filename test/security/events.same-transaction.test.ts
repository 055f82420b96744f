// Threat: an audit trail that lies — a change without its record, or a record of a change that never happened.
import { describe, expect, it } from "vitest";
import { redeemChallenge, startChallenge } from "@/lib/auth/challenge";
import { passwordStep } from "@/lib/auth/login";
import { setUpFirstAdmin } from "@/lib/auth/first-admin";
import { db } from "@/lib/db";
import { cleanDetails, recentEvents, recordEvent } from "@/lib/security/events";
import { createUser } from "@/lib/users";
import { PASSWORD, makeUser } from "@/test/support/factories";
import { client, noSecondFactor } from "@/test/support/security";

const eventsOf = (userId: string, type?: string) => db.securityEvent.findMany({ where: { userId, ...(type ? { type } : {}) } });

describe("security events are written with the change they record", () => {
  it("rolls an event back together with its change", async () => {
    const user = await makeUser();
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { displayName: "Changed" } });
        await recordEvent(tx, { userId: user.id, type: "password.changed", ...client() });
        throw new Error("the change fails after the event was written");
      }),
    ).rejects.toThrow("the change fails");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).displayName).not.toBe("Changed");
    expect(await eventsOf(user.id, "password.changed")).toHaveLength(0);
  });

  it("never writes an event when the change itself fails (an event that fails fails the change)", async () => {
    const user = await makeUser();
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { displayName: "Changed again" } });
        await recordEvent(tx, { userId: user.id, type: "password.changed", details: { password: "hunter2" } });
      }),
    ).rejects.toThrow(/must not contain "password"/);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).displayName).not.toBe("Changed again");
  });

  it("records a sign-in inside the transaction that creates the session, with address and browser", async () => {
    const user = await makeUser();
    const meta = client();
    const challenge = await startChallenge({ userId: user.id, remember: true, meta, verified: true });
    const sid = await redeemChallenge(challenge, meta);
    const [event] = await eventsOf(user.id, "sign_in.succeeded");
    expect(event).toMatchObject({ ip: meta.ip, userAgent: meta.userAgent, actor: null });
    const session = await db.authToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(JSON.parse(event!.details!)).toEqual({ remember: true, sessionId: session.id, methods: "pwd" });
    expect(event!.details).not.toContain(sid!);

    // Redeeming again fails: no second session, no second event.
    expect(await redeemChallenge(challenge, meta)).toBeNull();
    expect(await eventsOf(user.id, "sign_in.succeeded")).toHaveLength(1);
  });

  it("records failed sign-ins: for the account when it exists, without a name when it does not", async () => {
    const user = await makeUser();
    const meta = client();
    await passwordStep({ login: user.login, password: "wrong" }, meta, noSecondFactor);
    await passwordStep({ login: "no-such-account-here", password: "wrong" }, meta, noSecondFactor);
    const [failed] = await eventsOf(user.id, "sign_in.failed");
    expect(failed).toMatchObject({ ip: meta.ip, details: JSON.stringify({ reason: "wrong_password" }) });
    const anonymous = await db.securityEvent.findFirstOrThrow({ where: { userId: null, type: "sign_in.failed", ip: meta.ip } });
    expect(anonymous.details).toBe(JSON.stringify({ reason: "unknown_login" }));
    expect(JSON.stringify(anonymous)).not.toContain("no-such-account-here");
  });

  it("records account creation with the account, and nothing when creation fails", async () => {
    const cli = await createUser({ login: `cli-made-${Date.now()}`, password: PASSWORD }, { actor: "cli:root" });
    expect(cli.ok).toBe(true);
    if (!cli.ok) return;
    expect(await eventsOf(cli.data.id, "account.created")).toMatchObject([{ actor: "cli:root" }]);

    const before = await db.securityEvent.count({ where: { type: "account.created" } });
    expect(await createUser({ login: cli.data.login, password: PASSWORD }, { actor: "cli:root" })).toMatchObject({ ok: false });
    // The instance is already set up, so /setup is refused: no account, no event.
    expect(await setUpFirstAdmin({ login: "second-first-admin", password: PASSWORD }, client())).toMatchObject({ ok: false, error: "setup_done" });
    expect(await db.securityEvent.count({ where: { type: "account.created" } })).toBe(before);
  });

  it("keeps details small and free of secrets, and lists a user's events newest first", async () => {
    expect(() => cleanDetails({ token: "abc" })).toThrow();
    expect(() => cleanDetails({ code: "123456" })).toThrow();
    expect(JSON.parse(cleanDetails({ name: "Phone\nwith\u0000newline", tokenId: 7 })!)).toEqual({ name: "Phone with newline", tokenId: 7 });
    const user = await makeUser();
    await recordEvent(db, { userId: user.id, type: "app_password.created", details: { name: "first" } });
    await recordEvent(db, { userId: user.id, type: "app_password.revoked", details: { name: "first" } });
    const events = await recentEvents(user.id);
    expect(events.map((e) => e.type)).toEqual(["app_password.revoked", "app_password.created", "account.created"]);
    await expect(recordEvent(db, { userId: user.id, type: "made.up" as never })).rejects.toThrow(/unknown/);
  });
});
