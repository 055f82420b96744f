// Threat: a session recorded as made some other way than it was — an SMS or e-mail code, or a recovery code, shown (and passed on to apps as Remote-Auth-Methods) as something else, so a rule or a user checking their sessions trusts it wrongly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redeemChallenge } from "@/lib/auth/challenge";
import { passwordStep } from "@/lib/auth/login";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { generateAdminCode } from "@/lib/providers/admin-code/store";
import { regenerateCodes } from "@/lib/providers/backup-codes/store";
import { describeMethods, parseMethods } from "@/lib/two-factor/assurance";
import { pendingLogin, sendChallengeCode, solveChallenge } from "@/lib/two-factor/challenge-flow";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { enrolTotp, makeUser, META } from "@/test/support/factories";
import { caseFor, codeIn, configure, enrolledUser, startFakes, type Fakes } from "@/test/gateways/support";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await db.gatewayConfig.deleteMany({ where: { channel: { in: ["sms", "email"] } } });
  await fakes.close();
});

/** Signs in with the password, then answers `providerId` with what `answer` gives (after a code was sent, for message codes); the session's methods. */
async function methodsOfSignIn(user: { login: string; password: string }, providerId: string, answer: () => Promise<string> | string, send = false) {
  const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
  if (!step.ok) throw new Error(step.message);
  const login = (await pendingLogin(step.data.challenge))!;
  if (send) expect(await sendChallengeCode(login, providerId, META)).toEqual({ ok: true });
  expect(await solveChallenge(login, providerId, await answer(), META)).toMatchObject({ ok: true });
  const sid = (await redeemChallenge(step.data.challenge, META))!;
  return (await db.authToken.findUniqueOrThrow({ where: { hash: hashSecret(sid) } })).methods;
}

describe("a session records the method it was made with", () => {
  it.each([
    ["sms", "pwd sms", "password + SMS code"],
    ["email", "pwd email", "password + e-mail code"],
  ] as const)("%s: the code the service delivered", async (channel, methods, shown) => {
    const c = caseFor(channel);
    await configure(c, fakes);
    const recipient = c.recipient(fakes, 40);
    const user = await enrolledUser(c, fakes, recipient);
    expect(await methodsOfSignIn(user, channel, () => codeIn(c.received(fakes, recipient).at(-1)), true)).toBe(methods);
    expect(describeMethods(parseMethods(methods))).toBe(shown);
  });

  it("a backup code: recovery, not a one-time code", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    const [code] = await regenerateCodes(user.id);
    expect(await methodsOfSignIn(user, "backup_codes", () => code!)).toBe("pwd recovery");
    expect(describeMethods(parseMethods("pwd recovery"))).toBe("password + recovery code");
  });

  it("an admin's one-time sign-in code: recovery too", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    const generated = await generateAdminCode(user.id, "admin");
    expect(await methodsOfSignIn(user, "admin_code", () => generated.code)).toBe("pwd recovery");
  });
});
