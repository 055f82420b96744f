// Threat: push fatigue — an attacker with the password floods the owner's signed-in browser with "Is this you?" until one is tapped; or replays, outlives or steals an approval.
import { describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { db } from "@/lib/db";
import { APPROVAL_ID, decide, requestOf, secureAccount, turnOnApproval } from "@/lib/providers/device-approval/store";
import { pendingLogin, sendChallengeCode, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { META, enrolTotp, makeSession, makeUser } from "@/test/support/factories";

async function userWithApproval(options: { signedIn?: boolean } = {}) {
  const user = await makeUser();
  await enrolTotp(user.id);
  await turnOnApproval(user.id, META);
  if (options.signedIn ?? true) await makeSession(user.id);
  return user;
}

/** A new sign-in up to the password, as the attacker (or the owner on a new browser) gets it. */
async function newSignIn(user: { login: string; password: string }) {
  const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
  if (!step.ok) throw new Error(step.message);
  const login = (await pendingLogin(step.data.challenge))!;
  return { secret: step.data.challenge, login };
}

async function asked(user: { login: string; password: string }) {
  const signIn = await newSignIn(user);
  expect(await sendChallengeCode(signIn.login, APPROVAL_ID, META)).toEqual({ ok: true });
  return { ...signIn, request: (await requestOf(signIn.login.challenge.id))! };
}

const clearMinute = (userId: string) => db.sendSlot.deleteMany({ where: { key: `approval|user|${userId}` } });

describe("approval from a signed-in device", () => {
  it("shows the new sign-in one of three distinct two-digit numbers; the right one approves, once", async () => {
    const user = await userWithApproval();
    const { login, request } = await asked(user);
    const choices = JSON.parse(request.choices) as string[];
    expect(new Set(choices).size).toBe(3);
    for (const n of choices) expect(n).toMatch(/^[1-9][0-9]$/);
    expect(choices).toContain(request.number);
    // Not answered yet: nothing signs in.
    expect(await solveChallenge(login, APPROVAL_ID, "approved", META)).toMatchObject({ ok: false, message: expect.stringContaining("Not approved yet.") });
    expect(await decide(user.id, request.id, request.number, META)).toBe("approved");
    expect(await decide(user.id, request.id, request.number, META)).toBeNull();
    expect(await solveChallenge(login, APPROVAL_ID, "approved", META)).toMatchObject({ ok: true });
    expect(await db.approvalRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ decision: "approved", usedAt: expect.any(Date) });
  });

  it("refuses on a wrong number or a denial: the sign-in cannot finish with that request", async () => {
    const user = await userWithApproval();
    for (const answer of ["wrong", "deny"] as const) {
      await clearMinute(user.id);
      const { login, request } = await asked(user);
      const wrong = (JSON.parse(request.choices) as string[]).find((n) => n !== request.number)!;
      expect(await decide(user.id, request.id, answer === "wrong" ? wrong : "deny", META)).toBe(answer === "wrong" ? "wrong_number" : "denied");
      expect(await decide(user.id, request.id, request.number, META)).toBeNull();
      expect(await solveChallenge(login, APPROVAL_ID, "approved", META)).toMatchObject({ ok: false, message: expect.stringContaining("refused") });
    }
  });

  it("lets no other account answer a request", async () => {
    const user = await userWithApproval();
    const { request } = await asked(user);
    const other = await makeUser();
    expect(await decide(other.id, request.id, request.number, META)).toBeNull();
    expect(await secureAccount(other.id, request.id, META)).toBe(false);
  });

  it("expires: an approval given too late, or redeemed too late, signs nobody in", async () => {
    const user = await userWithApproval();
    const { login, request } = await asked(user);
    await db.approvalRequest.update({ where: { id: request.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await decide(user.id, request.id, request.number, META)).toBeNull();
    expect(await solveChallenge(login, APPROVAL_ID, "approved", META)).toMatchObject({ ok: false, message: expect.stringContaining("expired") });
  });

  it("sends at most one request a minute per account, and never more than three waiting", async () => {
    const user = await userWithApproval();
    await asked(user);
    const second = await newSignIn(user);
    expect(await sendChallengeCode(second.login, APPROVAL_ID, META)).toMatchObject({ ok: false, message: expect.stringMatching(/new request in \d+ seconds/) });
    // The same sign-in asking again while one waits sends nothing new.
    expect(await db.approvalRequest.count({ where: { userId: user.id } })).toBe(1);
    await clearMinute(user.id);
    await asked(user);
    await clearMinute(user.id);
    await asked(user);
    await clearMinute(user.id);
    const fourth = await newSignIn(user);
    expect(await sendChallengeCode(fourth.login, APPROVAL_ID, META)).toMatchObject({
      ok: false,
      message: expect.stringContaining("Too many approval requests"),
    });
    expect(await db.approvalRequest.count({ where: { userId: user.id, decision: null } })).toBe(3);
  });

  it("asks nothing when no other browser is signed in", async () => {
    const user = await userWithApproval({ signedIn: false });
    const { login } = await newSignIn(user);
    expect(await sendChallengeCode(login, APPROVAL_ID, META)).toMatchObject({ ok: false, message: expect.stringContaining("No other browser is signed in") });
  });

  it("'Secure my account' after a denial ends the refused sign-in and logs it", async () => {
    const user = await userWithApproval();
    const { secret, request } = await asked(user);
    expect(await secureAccount(user.id, request.id, META)).toBe(false); // not refused yet
    await decide(user.id, request.id, "deny", META);
    expect(await secureAccount(user.id, request.id, META)).toBe(true);
    expect(await pendingLogin(secret)).toBeNull();
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "approval.secured" } })).toBe(1);
  });
});
