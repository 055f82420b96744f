// Threat: someone with the password is refused on the owner's phone, the owner presses "Secure my account" — and never gets the e-mail telling them to change the password.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mailToSink } from "@/test/support/mail-to-sink";
import { FIREFOX_LINUX, client } from "@/test/support/security";

// Loaded only once SMTP_URL points at the sink (lib/env.ts reads the environment once).
const smtp = mailToSink(
  async () => ({
    background: await import("@/lib/background"),
    login: await import("@/lib/auth/login"),
    approval: await import("@/lib/providers/device-approval/store"),
    flow: await import("@/lib/two-factor/challenge-flow"),
    providerSet: await import("@/lib/two-factor/provider-set"),
    factories: await import("@/test/support/factories"),
  }),
  { PUBLIC_URL: "https://id.example.test" },
);

/** An owner with TOTP, approval turned on and a signed-in phone; a new sign-in (the attacker's) has asked it for approval. */
async function refusedSignIn() {
  const { approval, factories, flow, login, providerSet } = smtp.lib;
  const email = `secure-${randomBytes(4).toString("hex")}@example.test`;
  const user = await factories.makeUser({ email });
  await factories.enrolTotp(user.id);
  await approval.turnOnApproval(user.id, factories.META);
  await factories.makeSession(user.id);
  const attacker = client("203.0.113.66", FIREFOX_LINUX);
  const step = await login.passwordStep({ login: user.login, password: user.password }, attacker, providerSet.loginRequirement);
  if (!step.ok) throw new Error(step.message);
  const pending = (await flow.pendingLogin(step.data.challenge))!;
  expect(await flow.sendChallengeCode(pending, approval.APPROVAL_ID, attacker)).toEqual({ ok: true });
  const request = (await approval.requestOf(pending.challenge.id))!;
  expect(await approval.decide(user.id, request.id, "deny", factories.META)).toBe("denied");
  return { user, email, request };
}

describe("'Secure my account' after a denial", () => {
  it("e-mails the owner once (a second press sends nothing), naming the refused sign-in and linking to the devices list", async () => {
    const { user, email, request } = await refusedSignIn();
    await smtp.lib.background.backgroundSettled();
    const before = smtp.sink.received.filter((m) => m.to.includes(email)).length;

    expect(await smtp.lib.approval.secureAccount(user.id, request.id, smtp.lib.factories.META)).toBe(true);
    // A second press (double submit, another tab) secures nothing more and sends nothing more.
    expect(await smtp.lib.approval.secureAccount(user.id, request.id, smtp.lib.factories.META)).toBe(true);
    await smtp.lib.background.backgroundSettled();
    const mails = smtp.sink.received.filter((m) => m.to.includes(email)).slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("[Gatehouse] A sign-in you refused was stopped");
    expect(mails[0]!.text).toContain("You refused a sign-in from Firefox on Linux");
    expect(mails[0]!.text).toContain("change it now");
    expect(mails[0]!.text).toContain("From: 203.0.113.66 (Firefox on Linux)");
    expect(mails[0]!.text).toContain("https://id.example.test/settings/security#devices");
    expect(mails[0]!.text).not.toContain("If this was you");
  });
});
