// Threat: a script with a user's password (or many users' passwords) signs in over and over and presses "Send code" each time, running up the SMS bill and flooding the phone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { env } from "@/lib/env";
import { challengeScreen, pendingLogin, providerContext, sendChallengeCode, type PendingLogin } from "@/lib/two-factor/challenge-flow";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { caseFor, configure, enrolledUser, providerFor, startFakes, type Fakes } from "@/test/gateways/support";
import { db } from "@/lib/db";
import { channelById } from "@/lib/gateways";
import { RESEND_COOLDOWN } from "@/lib/providers/message-code/limits";
import { startSetup } from "@/lib/providers/message-code/setup";
import { META, makeUser } from "@/test/support/factories";

let fakes: Fakes;
const sms = caseFor("sms");
beforeAll(async () => {
  fakes = await startFakes();
  await configure(sms, fakes);
});
afterAll(async () => {
  await fakes.close();
});

let n = 0;
/** A fresh address: a botnet, where every sign-in comes from somewhere else. */
const elsewhere = (): ClientMeta => ({ ...META, ip: `203.0.${Math.floor(++n / 250)}.${(n % 250) + 1}` });

async function signIn(user: { login: string; password: string }, meta: ClientMeta): Promise<PendingLogin> {
  const step = await passwordStep({ login: user.login, password: user.password }, meta, loginRequirement);
  if (!step.ok) throw new Error(step.message);
  return (await pendingLogin(step.data.challenge))!;
}

/** Password, opening the challenge page, pressing "Send code". */
async function signInAndSend(user: { login: string; password: string }, meta: ClientMeta) {
  const login = await signIn(user, meta);
  await challengeScreen(login, providerFor("sms"), meta);
  return { login, sent: await sendChallengeCode(login, "sms", meta) };
}

/** Every message the phone got: the set-up code draws on the same budget as sign-in codes. */
const messagesTo = (recipient: string) => sms.received(fakes, recipient).length;
const signInCodes = (recipient: string) => messagesTo(recipient) - 1; // less the set-up code

describe("code messages per user and channel", () => {
  it("50 sign-ins in a row, each pressing Send, deliver at most 5 messages", async () => {
    const recipient = sms.recipient(fakes, 61);
    const user = await enrolledUser(sms, fakes, recipient);
    for (let i = 0; i < 50; i++) await signInAndSend(user, META);
    expect(messagesTo(recipient)).toBe(env().codeMessages.perHour);
  });

  it("the same from 50 addresses", async () => {
    const recipient = sms.recipient(fakes, 62);
    const user = await enrolledUser(sms, fakes, recipient);
    for (let i = 0; i < 50; i++) await signInAndSend(user, elsewhere());
    expect(messagesTo(recipient)).toBe(5);
  });

  it("20 sign-ins sending at the same moment deliver at most 5", async () => {
    const recipient = sms.recipient(fakes, 63);
    const user = await enrolledUser(sms, fakes, recipient);
    const logins: PendingLogin[] = [];
    for (let i = 0; i < 20; i++) logins.push(await signIn(user, elsewhere()));
    const results = await Promise.all(logins.map((login) => sendChallengeCode(login, "sms", META)));
    expect(messagesTo(recipient)).toBe(5);
    expect(results.filter((r) => r.ok)).toHaveLength(4);
  });

  it("'Send a new code' draws on the same budget", async () => {
    const recipient = sms.recipient(fakes, 64);
    const user = await enrolledUser(sms, fakes, recipient);
    const provider = providerFor("sms");
    for (let i = 0; i < 20; i++) {
      const login = await signIn(user, elsewhere());
      await provider.resendChallenge!(providerContext(login, META));
    }
    expect(messagesTo(recipient)).toBe(5);
  });

  it("past the budget the page says when the next code can be sent, and sends nothing", async () => {
    const recipient = sms.recipient(fakes, 65);
    const user = await enrolledUser(sms, fakes, recipient);
    for (let i = 0; i < 4; i++) await signInAndSend(user, elsewhere());
    const { login, sent } = await signInAndSend(user, elsewhere());
    expect(sent).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^Too many codes were asked for\. The next code can be sent via SMS at \d\d:\d\d UTC \(in (59|60) minutes\)\. Until then, sign in another way\.$/,
      ),
    });
    const screen = await challengeScreen(login, providerFor("sms"), META);
    expect(screen.delivery).toMatchObject({ status: "blocked", message: (sent as { message: string }).message, until: expect.any(Date) });
    expect(messagesTo(recipient)).toBe(5);
  });
});

describe("set-up codes", () => {
  it("draw on the same budget: at most 5 an hour to numbers the user names, past the cooldown each time", async () => {
    const user = await makeUser();
    const target = { channel: channelById("sms"), providerId: "sms" };
    const recipients = Array.from({ length: 8 }, (_, i) => sms.recipient(fakes, 40 + i));
    const results = [];
    for (const recipient of recipients) {
      results.push(await startSetup(target, user.id, recipient));
      await db.messageCode.updateMany({ where: { userId: user.id }, data: { sentAt: new Date(Date.now() - RESEND_COOLDOWN - 1000) } });
    }
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.at(-1)).toMatchObject({
      ok: false,
      error: "too_many_requests",
      message: expect.stringMatching(/^Too many codes were asked for\. The next code can be sent via SMS at \d\d:\d\d UTC/),
    });
    expect(recipients.reduce((sum, r) => sum + sms.received(fakes, r).length, 0)).toBe(5);
  });
});

describe("code messages per client address", () => {
  it("one address signing in to many accounts gets at most the address budget", async () => {
    const { perAddressHour } = env().codeMessages;
    const meta = elsewhere();
    const recipients: string[] = [];
    for (let i = 0; i < perAddressHour + 5; i++) {
      const recipient = sms.recipient(fakes, 70 + i);
      recipients.push(recipient);
      const user = await enrolledUser(sms, fakes, recipient);
      await signInAndSend(user, meta);
    }
    expect(recipients.reduce((sum, r) => sum + signInCodes(r), 0)).toBe(perAddressHour);
  });
});
