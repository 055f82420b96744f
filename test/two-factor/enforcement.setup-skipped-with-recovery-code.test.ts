// Threat: an enforced user whose only ways in are recovery codes posts the challenge action directly with one and gets a session without ever setting up a factor.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { findChallenge, redeemChallenge } from "@/lib/auth/challenge";
import { passwordStep } from "@/lib/auth/login";
import { db } from "@/lib/db";
import { generateAdminCode } from "@/lib/providers/admin-code/store";
import { regenerateCodes } from "@/lib/providers/backup-codes/store";
import { pendingLogin, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { writePolicy } from "@/lib/two-factor/enforcement";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { enrolTotp, META, makeUser } from "@/test/support/factories";

// The browser of the sign-in: its challenge cookie, and where the action sent it.
let challengeCookie: string | undefined;
const signedIn: string[] = [];
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-gatehouse-client-ip": META.ip ?? "", "user-agent": META.userAgent ?? "" }) }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error(`redirect ${to}`), { to });
  },
}));
vi.mock("@/lib/auth/sign-in", () => ({
  readChallengeCookie: async () => challengeCookie,
  clearChallengeCookie: async () => {},
  // What next-auth's authorize does with the cookie: redeem it for a session.
  completeSignIn: async (secret: string) => {
    const sid = await redeemChallenge(secret, META);
    if (sid) signedIn.push(sid);
    return sid !== null;
  },
}));

const { verifyChallengeAction } = await import("@/app/(auth)/login/challenge/[provider]/actions");

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

async function postAnswer(providerId: string, code: string): Promise<string | undefined> {
  try {
    await verifyChallengeAction(providerId, "/", null, form({ code }));
    return undefined;
  } catch (error) {
    const to = (error as { to?: string }).to;
    if (!to) throw error;
    return to;
  }
}

async function signInWithPassword(user: { login: string; password: string }) {
  const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
  if (!step.ok) throw new Error(step.message);
  challengeCookie = step.data.challenge;
  return step;
}

beforeEach(async () => {
  signedIn.length = 0;
  await writePolicy({ enforced: true, groups: [], excluded: [] });
});
afterEach(async () => {
  await writePolicy({ enforced: false, groups: [], excluded: [] });
});

describe("an enforced user with only recovery codes", () => {
  it("posting a right backup code to the challenge action leads to set-up, with no session and the code unspent", async () => {
    const user = await makeUser();
    const [code] = await regenerateCodes(user.id);
    const step = await signInWithPassword(user);
    expect(step.data.then).toBe("setup");

    expect(await postAnswer("backup_codes", code!)).toBe("/login/setup");
    expect(signedIn).toEqual([]);
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
    const challenge = await findChallenge(challengeCookie);
    expect(challenge).toMatchObject({ verified: false });
    expect(await redeemChallenge(challengeCookie!, META)).toBeNull();
    expect(await db.backupCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
  });

  it("the same with an administrator's bypass code", async () => {
    const user = await makeUser();
    const { code } = await generateAdminCode(user.id, "admin");
    await signInWithPassword(user);

    expect(await postAnswer("admin_code", code)).toBe("/login/setup");
    expect(signedIn).toEqual([]);
    expect(await redeemChallenge(challengeCookie!, META)).toBeNull();
  });

  it("the core refuses the answer whoever calls it", async () => {
    const user = await makeUser();
    const [code] = await regenerateCodes(user.id);
    await signInWithPassword(user);
    const login = (await pendingLogin(challengeCookie))!;
    expect(await solveChallenge(login, "backup_codes", code!, META)).toMatchObject({ ok: false, reason: "setup_required" });
  });

  it("an enforced user who has a factor still signs in with a backup code", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    const [code] = await regenerateCodes(user.id);
    await signInWithPassword(user);

    expect(await postAnswer("backup_codes", code!)).toBe("/");
    expect(signedIn).toHaveLength(1);
  });
});
