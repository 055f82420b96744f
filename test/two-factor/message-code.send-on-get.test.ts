// Threat: opening, refreshing or prefetching the challenge page (a GET) sends a code message, so a script with the password sends one per sign-in without pressing anything.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { pendingLogin, sendChallengeCode, type PendingLogin } from "@/lib/two-factor/challenge-flow";
import { loginRequirement } from "@/lib/two-factor/provider-set";
import { caseFor, configure, enrolledUser, startFakes, type Fakes } from "@/test/gateways/support";
import { META } from "@/test/support/factories";

// The request the page runs in: this sign-in's pending login, and the client's headers.
let pending: PendingLogin | null = null;
vi.mock("@/lib/dal/pending-login", () => ({ currentPendingLogin: async () => pending }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-gatehouse-client-ip": META.ip ?? "", "user-agent": META.userAgent ?? "" }) }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error(`redirect ${to}`), { to });
  },
}));

// The page's actions are only bound, never called here (they would load next-auth).
vi.mock("@/app/(auth)/login/challenge/[provider]/actions", () => ({
  sendChallengeAction: async function sendChallengeAction() {},
  resendChallengeAction: async function resendChallengeAction() {},
  verifyChallengeAction: async function verifyChallengeAction() {},
}));

const { default: ProviderChallengePage } = await import("@/app/(auth)/login/challenge/[provider]/page");

let fakes: Fakes;
const email = caseFor("email");
beforeAll(async () => {
  fakes = await startFakes();
  await configure(email, fakes);
});
afterAll(async () => {
  await fakes.close();
});

async function openPage(): Promise<string> {
  const page = await ProviderChallengePage({ params: Promise.resolve({ provider: "email" }), searchParams: Promise.resolve({}) });
  return JSON.stringify(page, (key, value) => (key === "_owner" || key === "_store" ? undefined : typeof value === "function" ? `[fn ${value.name}]` : value));
}

describe("the challenge page of a code-message provider", () => {
  it("sends nothing when opened, however often, and offers 'Send code'", async () => {
    const recipient = email.recipient(fakes, 31);
    const user = await enrolledUser(email, fakes, recipient);
    const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
    if (!step.ok) throw new Error(step.message);
    pending = await pendingLogin(step.data.challenge);

    const pages = [await openPage(), await openPage(), await openPage()];
    expect(email.received(fakes, recipient)).toHaveLength(1); // the set-up code only
    expect(pages[0]).toContain('"resend":"[fn bound sendChallengeAction]","label":"Send code"');
    expect(pages[0]).toContain("We will send a 6-digit code via E-mail");
    expect(pages[0]).not.toContain('"inputLabel":"Code"');

    // Pressing "Send code" (a POST) sends; the page then shows the code form and "Send a new code".
    expect(await sendChallengeCode(pending!, "email", META)).toEqual({ ok: true });
    expect(email.received(fakes, recipient)).toHaveLength(2);
    const after = await openPage();
    expect(after).toContain('"inputLabel":"Code"');
    expect(after).toContain('"resend":"[fn bound resendChallengeAction]"');
    expect(after).not.toContain("bound sendChallengeAction");
    expect(email.received(fakes, recipient)).toHaveLength(2);
  });
});
